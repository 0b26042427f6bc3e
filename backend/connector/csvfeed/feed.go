package csvfeed

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/plain"
)

// Kind is the connector kind this package implements.
const Kind = "csv"

// Settings keys (plain, stored with the connection).
const (
	// SettingSource is where the file lives: a local path (or file:///…),
	// https://… (http:// only to this computer), or
	// sftp://user@host[:port]/folder/or/file.
	SettingSource = "source"
	// SettingPattern picks a file in a folder (local or SFTP) by glob, e.g.
	// inv_*.csv; the newest match by modification time wins.
	SettingPattern = "pattern"
)

// Secret keys (from the OS keyring).
const (
	SecretPassword = "password"
	// SecretPrivateKey is an OpenSSH or PEM private key, as text.
	SecretPrivateKey = "privateKey"
	// SecretPassphrase unlocks an encrypted private key.
	SecretPassphrase = "passphrase"
	// SecretAuthorization is sent as the Authorization header of HTTP
	// requests, e.g. "Bearer abc" or "Basic dXNlcjpwYXNz".
	SecretAuthorization = "authorization"
)

// defaultPatterns are used in a folder when no pattern is set.
var defaultPatterns = []string{"*.csv", "*.csv.gz", "*.tsv", "*.txt"}

// Feed is a CSV warehouse. It is safe to use from one sync at a time.
type Feed struct {
	cfg     connector.Config
	source  string
	pattern string

	limits Limits

	local string     // path, for a local source
	web   *webSource // for http(s)
	sftp  *sftpSource
}

// options are the seams tests use; production uses the zero value.
type options struct {
	sleep     func(ctx context.Context, d time.Duration) error
	transport http.RoundTripper
}

// New checks the settings and builds a Feed. It does not touch the network;
// Test and ReadItems do.
func New(cfg connector.Config) (*Feed, error) {
	return newFeed(cfg, options{})
}

func newFeed(cfg connector.Config, o options) (*Feed, error) {
	src := strings.TrimSpace(cfg.Setting(SettingSource, ""))
	if src == "" {
		return nil, plain.New("Enter where the CSV file is: a path on this computer, an https:// address, or an sftp://user@host/folder address")
	}
	f := &Feed{cfg: cfg, source: src, pattern: strings.TrimSpace(cfg.Setting(SettingPattern, ""))}
	var err error
	if f.limits, err = limitsOf(cfg); err != nil {
		return nil, err
	}
	if f.pattern != "" {
		if validPattern(f.pattern) != nil {
			return nil, plain.Errorf("The file pattern %q is not valid; write it like inv_*.csv", f.pattern)
		}
	}
	lower := strings.ToLower(src)
	switch {
	case strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "http://"):
		f.web, err = newWebSource(src, cfg.Secrets[SecretAuthorization], o)
	case strings.HasPrefix(lower, "sftp://"):
		f.sftp, err = newSFTPSource(src, cfg, o)
	case strings.HasPrefix(lower, "file://"):
		f.local = src[len("file://"):]
	case strings.Contains(src, "://"):
		err = plain.Errorf("ShelfSync reads CSV files from a path on this computer, an https:// address or an sftp:// address; %q is none of these", src)
	default:
		f.local = src
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// opened is a file ready to read.
type opened struct {
	name    string // for messages: the file's base name
	modTime time.Time
	body    io.ReadCloser
	// notModified is set when the server answered 304.
	notModified bool
	apiCalls    int
	// validators to return as the read's state once the file parsed (HTTP only).
	validators *validators
	// unchanged, for a local file, tells whether the file is still the
	// version that was opened.
	unchanged func() bool
}

// open fetches the file; conditional asks an HTTP server to answer 304 when
// the file is unchanged since the last whole read.
func (f *Feed) open(ctx context.Context, conditional bool) (*opened, error) {
	switch {
	case f.web != nil:
		var v validators
		if conditional {
			v = f.loadValidators()
		}
		return f.web.open(ctx, v)
	case f.sftp != nil:
		return f.sftp.open(ctx, f.cfg.DataDir, f.pattern)
	default:
		return openLocal(f.local, f.pattern)
	}
}

// read opens and parses the file. A local file that changed while it was
// read (an export rewriting it) is read once more; if it changes again the
// read fails rather than sync a half-written file.
func (f *Feed) read(ctx context.Context, conditional bool) (*opened, Result, error) {
	file, res, err := f.readOnce(ctx, conditional)
	if errors.Is(err, errChangedWhileRead) {
		file, res, err = f.readOnce(ctx, conditional)
	}
	if errors.Is(err, errChangedWhileRead) {
		return nil, Result{}, plain.Errorf("The CSV file %s changed while ShelfSync read it, twice; an export may still be writing it. Nothing was synced: try again once the export has finished (or have it write a new file and rename it into place)", f.local)
	}
	return file, res, err
}

// errChangedWhileRead marks a local file that changed during its read.
var errChangedWhileRead = errors.New("the file changed while it was read")

func (f *Feed) readOnce(ctx context.Context, conditional bool) (*opened, Result, error) {
	file, err := f.open(ctx, conditional)
	if err != nil {
		return nil, Result{}, err
	}
	if file.notModified {
		return file, Result{}, nil
	}
	defer file.body.Close()
	// Both the file as sent and as unpacked are bounded: an endless
	// stream of empty gzip members unpacks to nothing.
	raw := &guard{r: ctxReader{ctx, file.body}, name: file.name, lim: Limits{Bytes: f.limits.Bytes, LineBytes: math.MaxInt64}}
	body, err := gunzipIfCompressed(raw)
	if err != nil {
		if raw.err != nil {
			return nil, Result{}, raw.err
		}
		return nil, Result{}, fmt.Errorf("%s looks gzip-compressed but could not be unpacked (%v); check that the upload finished and try again", file.name, err)
	}
	unpacked := &guard{r: body, name: file.name, lim: f.limits}
	res, err := parseLimited(unpacked, time.Local, f.limits.Rows)
	if file.unchanged != nil && !file.unchanged() {
		return nil, Result{}, errChangedWhileRead // whatever the parse made of it
	}
	switch {
	case unpacked.err != nil:
		return nil, Result{}, unpacked.err
	case raw.err != nil:
		return nil, Result{}, raw.err
	case errors.Is(err, errTooManyRows):
		return nil, Result{}, rowLimitError(file.name, f.limits.Rows)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, Result{}, fmt.Errorf("read %s: %w", file.name, ctx.Err())
		}
		return nil, Result{}, fmt.Errorf("%s: %w", file.name, err)
	}
	return file, res, nil
}

// ReadItems reads the whole file. A CSV is the whole catalogue, so the read
// is Complete even when since is set; items without an updated_at column
// carry the file's modification time. When since is set and an HTTP server
// answers 304 Not Modified, the read is NotModified and has no items (and is
// not Complete: no catalogue came back).
func (f *Feed) ReadItems(ctx context.Context, since time.Time) (connector.WarehouseRead, error) {
	file, res, err := f.read(ctx, !since.IsZero())
	if err != nil {
		return connector.WarehouseRead{}, err
	}
	if file.notModified {
		return connector.WarehouseRead{NotModified: true, APICalls: file.apiCalls}, nil
	}
	for i := range res.Items {
		if res.Items[i].UpdatedAt.IsZero() {
			res.Items[i].UpdatedAt = file.modTime
		}
	}
	items := append(res.Items, res.Troubled...) // the engine tells them apart by Problem
	return connector.WarehouseRead{Items: items, Complete: true, Problems: res.Problems, APICalls: file.apiCalls, State: f.readState(file.validators)}, nil
}

// Test reads the whole file and says what it found.
func (f *Feed) Test(ctx context.Context) (connector.TestResult, error) {
	file, res, err := f.read(ctx, false)
	if err != nil {
		return connector.TestResult{}, err
	}
	summary := fmt.Sprintf("Read %s SKUs from %s", thousands(len(res.Items)), file.name)
	if len(res.Items) == 1 {
		summary = "Read 1 SKU from " + file.name
	}
	switch n := res.Skipped(); n {
	case 0:
	case 1:
		summary += " (1 row skipped)"
	default:
		summary += fmt.Sprintf(" (%s rows skipped)", thousands(n))
	}
	sample := make([]string, 0, 5)
	for _, it := range res.Items[:min(5, len(res.Items))] {
		s := fmt.Sprintf("%s: %d", it.SKU, it.Qty)
		if it.Name != "" {
			s += " (" + clip(it.Name, 60) + ")"
		}
		sample = append(sample, s)
	}
	return connector.TestResult{Summary: summary, Sample: sample, Count: len(res.Items), Warnings: res.Problems[:min(3, len(res.Problems))]}, nil
}

// thousands writes n with comma grouping: 5000 -> "5,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// gunzipIfCompressed unpacks gzip by its magic bytes, which covers a .gz
// file name and a Content-Encoding the transport did not undo alike.
func gunzipIfCompressed(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2) // fewer bytes (a short file, a read error) are not gzip; a read error comes back on the next read
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

// ctxReader stops a long read when the sync is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// validPattern checks a file pattern as matchName will use it.
func validPattern(pattern string) error {
	if _, err := path.Match(pattern, ""); err != nil {
		return fmt.Errorf("the file pattern %q is not valid; write it like inv_*.csv", pattern)
	}
	return nil
}

// schemePrefix is "name:" at the start of a source; one letter is a
// Windows drive (C:\…), not a scheme.
var schemePrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// validSource refuses, before a connection is saved, a source no feed has
// (javascript:, gopher:, a web address at the cloud metadata service): a
// path on this computer, a web address or an SFTP one.
func validSource(src string) error {
	m := schemePrefix.FindStringSubmatch(src)
	if m == nil {
		return nil // a path on this computer
	}
	switch strings.ToLower(m[1]) {
	case "https", "http":
		return connector.CheckWebAddress("feed address", src)
	case "file", "sftp":
		return nil
	}
	return fmt.Errorf("the feed address %s is not one ShelfSync reads (%s:): use a path on this computer, an https:// address or an sftp:// address", connector.MaskAddress(src), m[1])
}

// matchName reports whether a file name fits the pattern (or, with none,
// looks like a CSV export). Case is ignored: Windows exports like INV.CSV.
// path.Match fails only on a malformed pattern: New refused one
// (validPattern), and the default patterns are well formed.
func matchName(pattern, name string) bool {
	name = strings.ToLower(name)
	if pattern != "" {
		ok, _ := path.Match(strings.ToLower(pattern), name)
		return ok
	}
	for _, p := range defaultPatterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// describePattern words the pattern for messages.
func describePattern(pattern string) string {
	if pattern == "" {
		return strings.Join(defaultPatterns, ", ")
	}
	return pattern
}

// candidate is a file in a folder that might be the feed.
type candidate struct {
	name    string
	modTime time.Time
}

// newest picks the most recently modified candidate; on equal times the
// name that sorts last (inv_2026-11-26 over inv_2026-11-25) wins.
func newest(cs []candidate) (candidate, bool) {
	if len(cs) == 0 {
		return candidate{}, false
	}
	best := cs[0]
	for _, c := range cs[1:] {
		if c.modTime.After(best.modTime) || (c.modTime.Equal(best.modTime) && c.name > best.name) {
			best = c
		}
	}
	return best, true
}

// noMatchError explains an empty folder.
func noMatchError(folder, where, pattern string, others []string) error {
	msg := fmt.Sprintf("No file in %s%s matches %s; check the folder and the file pattern in this connection's settings", folder, where, describePattern(pattern))
	if len(others) > 0 {
		shown := others[:min(5, len(others))]
		msg += fmt.Sprintf(" (the folder holds %s", strings.Join(shown, ", "))
		if len(others) > len(shown) {
			msg += fmt.Sprintf(" and %d more", len(others)-len(shown))
		}
		msg += ")"
	}
	return errors.New(msg)
}

var _ connector.FacilityLister = (*Feed)(nil)

// Facilities lists the values of the feed's location column, read now in
// full; none for a feed without one (a quantity a SKU).
func (f *Feed) Facilities(ctx context.Context) ([]connector.Place, error) {
	_, res, err := f.read(ctx, false)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []connector.Place
	for _, it := range res.Items {
		for place := range it.Facilities {
			if !seen[place] {
				seen[place] = true
				out = append(out, connector.Place{ID: place, Name: place})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
