package csvfeed

import (
	"bytes"
	"fmt"
	"io"

	"shelfsync/backend/connector"
)

// Settings that raise a feed's read limits (plain, stored with the
// connection). A read that passes one stops with a sentence naming it.
const (
	// SettingMaxRows bounds the data rows of one file.
	SettingMaxRows = "maxRows"
	// SettingMaxMB bounds the bytes of one file, counted after unpacking
	// a gzip file (a 3 MB gzip once unpacked into gigabytes).
	SettingMaxMB = "maxMB"
	// SettingMaxLineKB bounds one line of the file.
	SettingMaxLineKB = "maxLineKB"
)

// Limits bound one read of a feed.
type Limits struct {
	Rows      int64
	Bytes     int64
	LineBytes int64
}

// DefaultLimits fit a catalogue of two million SKUs with long rows. A read
// streams: it holds each distinct SKU's item (72 bytes and its SKU and name)
// and nothing of the other columns or of repeated rows, so the memory a
// read needs follows the SKUs the run keeps (two million: about 400 MB of
// the process at its peak, measured), and the row limit bounds that.
var DefaultLimits = Limits{Rows: 2_000_000, Bytes: 1 << 30, LineBytes: 1 << 20}

// limitsOf reads a connection's limits, defaults for those not set.
func limitsOf(cfg connector.Config) (Limits, error) {
	l := DefaultLimits
	rows, err := cfg.PositiveSetting(SettingMaxRows, l.Rows)
	if err != nil {
		return l, err
	}
	mb, err := cfg.PositiveSetting(SettingMaxMB, l.Bytes>>20)
	if err != nil {
		return l, err
	}
	kb, err := cfg.PositiveSetting(SettingMaxLineKB, l.LineBytes>>10)
	if err != nil {
		return l, err
	}
	if rows > 1_000_000_000 {
		return l, fmt.Errorf("the setting %s is above a billion rows, more than ShelfSync can hold", SettingMaxRows)
	}
	if mb > 1<<23 || kb > 1<<30 {
		return l, fmt.Errorf("the settings %s and %s are in megabytes and kilobytes; %d and %d are more than any file", SettingMaxMB, SettingMaxLineKB, mb, kb)
	}
	return Limits{Rows: rows, Bytes: mb << 20, LineBytes: kb << 10}, nil
}

// guard passes a file through, stopping it at the byte and line limits.
type guard struct {
	r      io.Reader
	name   string
	lim    Limits
	total  int64
	inLine int64 // bytes since the last newline
	err    error // the limit passed, once it is
}

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.total += int64(n)
	if g.total > g.lim.Bytes {
		g.err = &connector.LimitError{What: "The CSV file " + g.name, Limit: fmt.Sprintf("%s MB (unpacked)", connector.Thousands(g.lim.Bytes>>20)), Setting: SettingMaxMB}
		return 0, g.err
	}
	chunk := p[:n]
	for {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			g.inLine += int64(len(chunk))
			break
		}
		if g.inLine+int64(i) > g.lim.LineBytes {
			g.inLine += int64(i)
			break
		}
		g.inLine = 0
		chunk = chunk[i+1:]
	}
	if g.inLine > g.lim.LineBytes {
		g.err = &connector.LimitError{What: "A line of the CSV file " + g.name, Limit: fmt.Sprintf("%s KB a line", connector.Thousands(g.lim.LineBytes>>10)), Setting: SettingMaxLineKB}
		return 0, g.err
	}
	return n, err
}

func rowLimitError(name string, rows int64) error {
	return &connector.LimitError{What: "The CSV file " + name, Limit: connector.Thousands(rows) + " rows", Setting: SettingMaxRows}
}
