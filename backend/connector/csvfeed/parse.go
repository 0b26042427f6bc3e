// Package csvfeed reads warehouse quantities from a CSV file: on this
// computer, behind an https:// address, or on an SFTP server. Parse is the
// pure part (bytes in, items and problems out); Feed is the
// connector.Warehouse that fetches the file and hands it to Parse.
package csvfeed

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
)

const bom = "\uFEFF"

// maxProblems bounds the problem list so a file of 100,000 bad rows does not
// bury the history screen; the rest are counted in one last line.
const maxProblems = 500

// ErrEmptyFeed is returned for a file with no data rows. A feed that comes
// back empty (a failed export, a truncated upload) must never be read as
// "every SKU is now zero".
var ErrEmptyFeed = plain.New("The CSV file has no inventory rows; nothing was synced (an empty feed is never read as 'everything is zero')")

// Result is one parsed file.
type Result struct {
	// Items are the good rows, in file order, each SKU once.
	Items []inventory.WarehouseItem
	// Troubled are SKUs the file names but gives no usable quantity for:
	// rows with different quantities (ProblemConflicting) or a quantity
	// that is not a whole number (ProblemInvalidQty). Each SKU once, never
	// also in Items; the run reports them as needing attention.
	Troubled []inventory.WarehouseItem
	// Problems describe skipped rows (and unreadable dates) in words, in
	// line order, e.g. `line 14: quantity "abc" is not a whole number; row
	// skipped`.
	Problems []string
	// Rows counts the data rows read (the header and blank lines excluded).
	Rows int
}

// Skipped is how many data rows did not become items.
func (r Result) Skipped() int { return r.Rows - len(r.Items) }

// Parse reads a whole inventory CSV. Times without a zone in the
// updated_at column are read in the computer's local time zone.
func Parse(r io.Reader) (Result, error) {
	return parse(r, time.Local)
}

// firstRow is what the parse keeps of a SKU's first good row. A quantity
// fits in 32 bits (parseQty); so does a line number of any file under the
// limits.
type firstRow struct{ line, qty int32 }

// errTooManyRows stops a parse at its row limit.
var errTooManyRows = errors.New("too many rows")

type problem struct {
	line int
	msg  string
	// dupSKU, when set, is a duplicate SKU whose words are built only if
	// the problem is listed.
	dupSKU string
}

func parse(r io.Reader, loc *time.Location) (Result, error) {
	return parseLimited(r, loc, DefaultLimits.Rows)
}

// parseLimited is parse that stops with errTooManyRows past maxRows data rows.
func parseLimited(r io.Reader, loc *time.Location, maxRows int64) (Result, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipBOM(br); err != nil {
		return Result{}, err
	}
	cr := csv.NewReader(br)
	cr.Comma = detectDelimiter(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return Result{}, ErrEmptyFeed
	}
	if err != nil {
		return Result{}, plain.Errorf("The CSV header line could not be read (%v); check that the file is a CSV export and try again", describeReadError(err))
	}
	cols, err := readHeader(header)
	if err != nil {
		return Result{}, err
	}

	var (
		res      Result
		problems []problem
		// dropped counts the rows' problems past maxProblems: they come in
		// line order, so none of them could be listed, and keeping them
		// all cost 100 bytes a bad row.
		dropped int
		// seen holds each SKU's first good row; one map, not one for the
		// line and one for the quantity: a row of a big feed costs about
		// 190 bytes at the peak of a parse instead of 235 (1M rows, measured).
		seen    = map[string]firstRow{}
		dups    = map[string]*duplicate{}
		dupQty  = map[string]bool{}                    // SKU -> its rows disagree
		invalid = map[string]inventory.WarehouseItem{} // SKU -> its row with a bad quantity
		// unclosed is set when the last record failed on a quote that ran
		// past its own line: if the file then ends, the quote swallowed it.
		unclosed *csv.ParseError
		// With a location column: each SKU and facility's first row, and
		// where each SKU's item is in res.Items.
		seenAt = map[string]firstRow{}
		itemAt = map[string]int{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			if unclosed != nil {
				return Result{}, fmt.Errorf("line %d: a quoted field starts here and is never closed, so the rest of the file could not be read; nothing was synced. Fix the quotes on that line and try again", unclosed.StartLine)
			}
			break
		}
		unclosed = nil
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			res.Rows++
			if int64(res.Rows) > maxRows {
				return Result{}, errTooManyRows
			}
			if errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine {
				unclosed = pe
			}
			addProblem(&problems, &dropped, pe.StartLine, func() string {
				return fmt.Sprintf("line %d: %s; row skipped", pe.StartLine, describeReadError(pe))
			})
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("read the CSV file: %w", err)
		}
		if blankRecord(rec) {
			continue // trailing ",,," lines that spreadsheets like to add
		}
		res.Rows++
		if int64(res.Rows) > maxRows {
			return Result{}, errTooManyRows
		}
		line, _ := cr.FieldPos(0)
		item, msg := readRow(rec, cols, loc)
		if msg != "" && (item.SKU == "" || item.Problem != inventory.ProblemNone) {
			addProblem(&problems, &dropped, line, func() string { return fmt.Sprintf("line %d: %s; row skipped", line, msg) })
			if item.Problem == inventory.ProblemInvalidQty {
				item.SKU, item.Name = strings.Clone(item.SKU), strings.Clone(item.Name)
				invalid[item.SKU] = item
			}
			continue
		}
		if msg != "" { // a soft problem: the row is kept
			addProblem(&problems, &dropped, line, func() string { return fmt.Sprintf("line %d: %s", line, msg) })
		}
		if cols.location >= 0 && item.Problem == inventory.ProblemNone {
			// A row per facility: a SKU's first row is kept like any
			// other, its other facilities are added to it, and only a
			// facility said twice is a duplicate.
			place := onlyKey(item.Facilities)
			at := item.SKU + "\x00" + place
			if first, dup := seenAt[at]; dup {
				d := dups[item.SKU]
				if d == nil {
					d = &duplicate{lines: []int{int(first.line)}, count: 1}
					dups[strings.Clone(item.SKU)] = d
				}
				d.count++
				if len(d.lines) <= maxDuplicateLines {
					d.lines = append(d.lines, line)
				}
				if int32(item.Qty) != first.qty {
					dupQty[item.SKU] = true
				}
				continue
			}
			seenAt[strings.Clone(at)] = firstRow{line: int32(line), qty: int32(item.Qty)}
			if k, listed := itemAt[item.SKU]; listed {
				kept := &res.Items[k]
				kept.Facilities[strings.Clone(place)] = item.Facilities[place]
				kept.Qty += item.Facilities[place]
				if item.UpdatedAt.After(kept.UpdatedAt) {
					kept.UpdatedAt = item.UpdatedAt
				}
				continue
			}
			itemAt[strings.Clone(item.SKU)] = len(res.Items)
			item.Facilities = map[string]int{strings.Clone(place): item.Facilities[place]}
		}
		if first, dup := seen[item.SKU]; dup {
			d := dups[item.SKU]
			if d == nil {
				d = &duplicate{lines: []int{int(first.line)}, count: 1}
				dups[strings.Clone(item.SKU)] = d
			}
			d.count++
			if len(d.lines) <= maxDuplicateLines {
				d.lines = append(d.lines, line)
			}
			if int32(item.Qty) != first.qty {
				dupQty[item.SKU] = true
			}
			continue
		}
		// The record's fields share one string per line; copying SKU and
		// name (in one allocation) keeps long unused columns, such as a
		// description, from staying in memory for every item.
		if item.Name == "" {
			item.SKU = strings.Clone(item.SKU) // "+" would return it uncopied
		} else {
			both := item.SKU + item.Name
			item.SKU, item.Name = both[:len(item.SKU)], both[len(item.SKU):]
		}
		seen[item.SKU] = firstRow{line: int32(line), qty: int32(item.Qty)}
		res.Items = append(res.Items, item)
	}

	// A SKU whose rows disagree, or that has a good row and a bad one, has
	// no quantity anyone could trust: it needs attention. Rows that agree
	// are one quantity said twice.
	for sku, d := range dups {
		problems = append(problems, problem{line: d.lines[0], dupSKU: sku})
	}
	for sku := range invalid {
		if _, good := seen[sku]; good {
			dupQty[sku] = true
		}
	}
	if len(dupQty) > 0 || len(invalid) > 0 {
		kept := res.Items[:0]
		for _, it := range res.Items {
			if dupQty[it.SKU] {
				res.Troubled = append(res.Troubled, inventory.WarehouseItem{SKU: it.SKU, Name: it.Name, Problem: inventory.ProblemConflicting})
				continue
			}
			kept = append(kept, it)
		}
		res.Items = kept
		for sku, it := range invalid {
			if !dupQty[sku] {
				res.Troubled = append(res.Troubled, it)
			}
		}
		sort.Slice(res.Troubled, func(i, j int) bool { return res.Troubled[i].SKU < res.Troubled[j].SKU })
	}
	res.Problems = formatProblems(problems, dropped, func(sku string) string {
		return duplicateMessage(sku, *dups[sku], !dupQty[sku])
	})

	if res.Rows == 0 {
		return Result{}, ErrEmptyFeed
	}
	if len(res.Items) == 0 {
		return Result{}, plain.Errorf("None of the %d rows in the CSV file could be used, so nothing was synced. First problem: %s", res.Rows, res.Problems[0])
	}
	if cols.warning != "" {
		res.Problems = append([]string{cols.warning}, res.Problems...)
	}
	return res, nil
}

// readRow turns one record into an item. A non-empty message with an empty
// SKU in the item means the row is skipped; with a SKU it is a remark about
// a row that is still used.
func readRow(rec []string, cols layout, loc *time.Location) (inventory.WarehouseItem, string) {
	var it inventory.WarehouseItem
	if cols.sku >= len(rec) || cols.qty >= len(rec) {
		return it, fmt.Sprintf("the row has %d fields but the header has %d, so its SKU or quantity is missing", len(rec), cols.width)
	}
	sku := strings.TrimSpace(rec[cols.sku])
	if sku == "" {
		return it, "the SKU is empty"
	}
	if !utf8.ValidString(sku) {
		// Such a SKU can be stored only altered, so it never matches the
		// store's again (the demo store added a listing every Full Sync).
		return it, fmt.Sprintf("the SKU %q holds bytes that are not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel)", clip(strings.ToValidUTF8(sku, "\uFFFD"), 80))
	}
	if cols.name >= 0 && cols.name < len(rec) {
		it.Name = strings.ToValidUTF8(strings.TrimSpace(rec[cols.name]), "\uFFFD")
	}
	it.SKU = sku
	place := ""
	if cols.location >= 0 {
		if cols.location < len(rec) {
			place = strings.ToValidUTF8(strings.TrimSpace(rec[cols.location]), "\uFFFD")
		}
		if place == "" {
			return inventory.WarehouseItem{}, fmt.Sprintf("the location of SKU %s is empty", clip(sku, 80))
		}
	}
	qty, msg := parseQty(rec[cols.qty])
	if msg != "" {
		it.Problem = inventory.ProblemInvalidQty
		return it, msg
	}
	if qty < 0 {
		// Stock cannot be below zero; a negative count usually means
		// backorders. Publishing 0 stops the selling, which is what it means.
		if cols.location >= 0 {
			it.Facilities = map[string]int{place: 0}
		}
		return it, fmt.Sprintf("quantity %d is negative; 0 is published for SKU %s", qty, clip(sku, 80))
	}
	it.Qty = qty
	if cols.location >= 0 {
		it.Facilities = map[string]int{place: qty}
	}
	if cols.updatedAt >= 0 && cols.updatedAt < len(rec) {
		raw := strings.TrimSpace(rec[cols.updatedAt])
		if raw != "" {
			t, ok := parseTime(raw, loc)
			if !ok {
				return it, fmt.Sprintf("updated_at %q is not a date we can read (use 2026-11-26T14:30:00Z, 2026-11-26 14:30:00 or 2026-11-26); the file's time was used instead", clip(raw, 40))
			}
			it.UpdatedAt = t
		}
	}
	return it, ""
}

// parseQty reads a whole quantity that fits in an int32 (a negative one is
// returned as such; readRow publishes 0 for it).
// "12.0" is accepted (spreadsheets write whole numbers that way); "12.5",
// "1,200" and "12 pcs" are not, because any guess could be wrong.
func parseQty(raw string) (int, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, "the quantity is empty"
	}
	if dot := strings.IndexByte(s, '.'); dot > 0 && strings.Trim(s[dot+1:], "0") == "" {
		s = s[:dot]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			if strings.HasPrefix(s, "-") {
				return 0, fmt.Sprintf("quantity %s is too large a negative number", clip(s, 40))
			}
			return 0, fmt.Sprintf("quantity %s is too large (the most a row can hold is 2,147,483,647)", clip(s, 40))
		}
		return 0, fmt.Sprintf("quantity %q is not a whole number", clip(strings.TrimSpace(raw), 40))
	}
	if n < math.MinInt32 {
		return 0, fmt.Sprintf("quantity %d is too large a negative number", n)
	}
	if n < 0 {
		return int(n), "" // readRow publishes 0 and says so
	}
	if n > math.MaxInt32 {
		return 0, fmt.Sprintf("quantity %d is too large (the most a row can hold is 2,147,483,647)", n)
	}
	return int(n), ""
}

// parseTime reads RFC 3339, "2006-01-02 15:04:05" or a bare date; times
// without a zone are taken in loc. The layout is chosen by shape, so a
// 100,000-row file does not pay for a failed attempt on every row.
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	var layout string
	switch {
	case len(s) == len("2006-01-02"):
		layout = "2006-01-02"
	case len(s) == len("2006-01-02 15:04:05") && s[10] == ' ':
		layout = "2006-01-02 15:04:05"
	case len(s) == len("2006-01-02T15:04:05") && s[10] == 'T':
		layout = "2006-01-02T15:04:05"
	default:
		layout = time.RFC3339Nano
	}
	t, err := time.ParseInLocation(layout, s, loc)
	return t, err == nil
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// maxDuplicateLines is how many lines a duplicate SKU's warning names: a
// SKU repeated two million times made a 16.9 MB warning stored every run.
const maxDuplicateLines = 10

// duplicate is a SKU listed more than once: the first lines it is on (in
// file order, as many as a warning names) and how many rows in all. A SKU
// repeated 268 million times once held every line number: 7.5 GB.
type duplicate struct {
	lines []int
	count int
}

func duplicateMessage(sku string, d duplicate, agree bool) string {
	words := make([]string, len(d.lines))
	for i, l := range d.lines {
		words[i] = strconv.Itoa(l)
	}
	times := "twice"
	if d.count > 2 {
		times = fmt.Sprintf("%d times", d.count)
	}
	list := strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
	if d.count > maxDuplicateLines {
		list = fmt.Sprintf("%s and %d more", strings.Join(words[:maxDuplicateLines], ", "), d.count-maxDuplicateLines)
	}
	if agree {
		return fmt.Sprintf("SKU %s is listed %s (lines %s) with the same quantity; it was synced once", clip(sku, 80), times, list)
	}
	return fmt.Sprintf("SKU %s is listed %s (lines %s) with different quantities; it was not synced and needs attention", clip(sku, 80), times, list)
}

// addProblem keeps a row's problem while fewer than maxProblems are kept,
// building its words only then, and counts it otherwise.
func addProblem(ps *[]problem, dropped *int, line int, msg func() string) {
	if len(*ps) >= maxProblems {
		*dropped++
		return
	}
	*ps = append(*ps, problem{line: line, msg: msg()})
}

// formatProblems lists the first maxProblems problems by line and counts
// the rest; a duplicate SKU's words are built only when it is listed.
func formatProblems(ps []problem, dropped int, duplicate func(sku string) string) []string {
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].line < ps[j].line })
	n := min(len(ps), maxProblems)
	out := make([]string, n, n+1)
	for i := range n {
		out[i] = ps[i].msg
		if ps[i].dupSKU != "" {
			out[i] = duplicate(ps[i].dupSKU)
		}
	}
	if more := len(ps) - n + dropped; more > 0 {
		out = append(out, fmt.Sprintf("… and %d more problems not listed here", more))
	}
	return out
}

// describeReadError words encoding/csv's quote errors for a merchant.
func describeReadError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return `a " appears inside a field that does not start with one (write the field as "like ""this""")`
		case errors.Is(pe.Err, csv.ErrQuote):
			return `a quoted field is not closed properly (a " is missing, or there is text after the closing ")`
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// skipBOM drops a UTF-8 byte order mark and refuses UTF-16, which Excel
// writes for "Unicode Text" and which no CSV reader can split on commas.
func skipBOM(br *bufio.Reader) error {
	head, _ := br.Peek(3) // fewer bytes (a short file, a read error) hold no mark; a read error comes back on the next read
	switch {
	case bytes.HasPrefix(head, []byte(bom)):
		_, _ = br.Discard(3) // the three bytes were just peeked: Discard cannot fail
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return plain.New("The CSV file is saved as UTF-16; save it as \"CSV UTF-8\" and try again")
	}
	return nil
}

// detectDelimiter picks the separator that occurs most often in the header
// line outside quotes: comma, semicolon, tab or pipe (comma on a tie or
// when none occurs). It only peeks, so the header is still there to read.
func detectDelimiter(br *bufio.Reader) rune {
	buf, _ := br.Peek(br.Size()) // what there is: a short file, or the bytes before a read error, which the next read reports
	candidates := [...]byte{',', ';', '\t', '|'}
	var counts [len(candidates)]int
	inQuotes, started := false, false
scan:
	for _, c := range buf {
		switch {
		case c == '"':
			inQuotes, started = !inQuotes, true
		case inQuotes:
		case c == '\n' || c == '\r':
			if started {
				break scan
			}
			continue // csv.Reader skips leading blank lines too
		default:
			started = true
			for i, d := range candidates {
				if c == d {
					counts[i]++
				}
			}
		}
	}
	best := 0
	for i := range candidates {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return rune(candidates[best])
}

// onlyKey is the key of a map of one entry.
func onlyKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}
