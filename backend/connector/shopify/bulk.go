package shopify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// Limits of a bulk export. Shopify's export of a catalogue is one JSON line
// per variant (a few hundred bytes) and is ready in minutes even at a
// million variants; an export that is not, or a file that does not look
// like one, is stopped with a sentence rather than waited on forever or
// held in memory.
const (
	// DefaultBulkTimeout is how long ShelfSync waits for an export of
	// the catalogue.
	DefaultBulkTimeout = 3 * time.Hour
	// DefaultChangeBulkTimeout is how long a Smart Sync waits for the
	// export of the stock levels changed since its last look (a few
	// thousand lines, ready in seconds): drift is then left for the next
	// sync rather than holding this one.
	DefaultChangeBulkTimeout = 15 * time.Minute
	// DefaultBulkDownloadTimeout bounds the download of an export file:
	// a million variants (well under 1 GiB) on a line of about 5 Mbit/s.
	DefaultBulkDownloadTimeout = 30 * time.Minute
	// DefaultMaxBulkLine is the longest line of an export read (1 MiB;
	// a variant's line is under 1 KiB).
	DefaultMaxBulkLine = 1 << 20
	// DefaultMaxBulkBytes is the most of an export file read (8 GiB; a
	// million variants take well under 1 GiB).
	DefaultMaxBulkBytes = 8 << 30
)

const bulkRunMutation = `mutation ShelfSyncBulkExport($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } }
}`

// bulkStatusQuery polls one export by its id: bulkOperation(id:) is how
// API 2026-01 and later read a bulk operation (currentBulkOperation is
// deprecated, and names only the latest of the five an app may run).
const bulkStatusQuery = `query ShelfSyncBulkStatus($id: ID!) {
  bulkOperation(id: $id) { id status errorCode url partialDataUrl }
}`

const currentBulkQuery = `query ShelfSyncCurrentBulk { currentBulkOperation(type: QUERY) { id status } }`

type bulkOperation struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	ErrorCode string `json:"errorCode"`
	URL       string `json:"url"`
}

type bulkRunData struct {
	Run struct {
		BulkOperation *bulkOperation `json:"bulkOperation"`
		UserErrors    []struct {
			Message string `json:"message"`
			Code    string `json:"code"`
		} `json:"userErrors"`
	} `json:"bulkOperationRunQuery"`
}

// bulkExport is one kind of export ShelfSync runs: what it holds, in the
// merchant's words, how long it may take, and what to do when it fails.
type bulkExport struct {
	what    string // "the catalogue"
	step    string // the wait, named in a timeout
	timeout time.Duration
	advice  string // appended to a failure's sentence, e.g. ": run the sync again"
}

func (s *Store) catalogueExport() bulkExport {
	return bulkExport{what: "the catalogue", step: "wait for the catalogue export", timeout: s.opts.BulkTimeout, advice: ": run the sync again"}
}

// readBulk exports the variants with a bulk operation, waits for it, and
// streams its JSONL file line by line.
func (s *Store) readBulk(ctx context.Context, loc location, others []string, add func(variantNode)) error {
	quoted := make([]string, len(others))
	for i, o := range others {
		quoted[i] = strconv.Quote(o)
	}
	inner := "{ productVariants { edges { node { " + variantSelection(strconv.Quote(loc.ID), quoted) + " } } } }"
	return s.runBulk(ctx, s.catalogueExport(), inner, variantLines(add))
}

// variantLines decodes each line of the catalogue export as a variant.
func variantLines(add func(variantNode)) func([]byte) error {
	return func(raw []byte) error {
		var v variantNode
		if err := json.Unmarshal(raw, &v); err != nil {
			return err
		}
		add(v)
		return nil
	}
}

// runBulk starts a bulk query, waits for it, and streams its JSONL file
// to each, a line at a time.
func (s *Store) runBulk(ctx context.Context, ex bulkExport, query string, each func([]byte) error) error {
	var run bulkRunData
	for attempt := 0; ; attempt++ {
		run = bulkRunData{}
		if err := s.call(ctx, "ShelfSyncBulkExport", bulkRunMutation, map[string]any{"query": query}, 10, &run); err != nil {
			return fmt.Errorf("start the export of %s: %w", ex.what, err)
		}
		if len(run.Run.UserErrors) == 0 {
			break
		}
		ue := run.Run.UserErrors[0]
		// Shopify runs a few bulk queries per app and shop at a time (one
		// before 2026-01): wait out the latest still running (ours from an
		// interrupted sync, most likely) and retry once.
		busy := ue.Code == "LIMIT_REACHED" || ue.Code == "OPERATION_IN_PROGRESS" || strings.Contains(ue.Message, "already in progress")
		if attempt == 0 && busy {
			if err := s.waitCurrentBulk(ctx, ex); err != nil {
				return err
			}
			continue
		}
		return plain.Wrap(connector.ErrUnavailable, "Shopify refused to start its export of %s (%s)%s", ex.what, strings.TrimSuffix(ue.Message, "."), ex.advice)
	}
	if run.Run.BulkOperation == nil {
		return fmt.Errorf("start the export of %s: Shopify returned no bulk operation", ex.what)
	}
	op, err := s.pollBulk(ctx, ex, run.Run.BulkOperation.ID)
	if err != nil {
		return err
	}
	if op.URL == "" { // a completed export of nothing has no file
		return nil
	}
	return s.downloadJSONL(ctx, ex, op.URL, each)
}

// errBulkTimeout marks an export not finished by the deadline.
var errBulkTimeout = errors.New("bulk export timed out")

// bulkTimedOut is the sentence for an export still unfinished at the
// deadline, naming the step that waited.
func (s *Store) bulkTimedOut(ex bulkExport, step, status string) error {
	return &plain.Error{
		Sentence: fmt.Sprintf("Shopify's export of %s was still %s after %s, so ShelfSync stopped waiting (step: %s)%s; contact Shopify support if it keeps happening", ex.what, status, ex.timeout, step, ex.advice),
		Cause:    errors.Join(connector.ErrUnavailable, errBulkTimeout),
	}
}

// bulkEnded is the sentence for an export that ended without its file.
func bulkEnded(ex bulkExport, op bulkOperation) error {
	how := strings.ToLower(op.Status)
	switch op.Status {
	case "FAILED":
		switch op.ErrorCode {
		case "TIMEOUT":
			how = "failed: it took Shopify too long"
		case "ACCESS_DENIED":
			how = "failed: the app may not read part of it"
		case "INTERNAL_SERVER_ERROR":
			how = "failed: Shopify met an error of its own"
		}
	case "CANCELED", "CANCELING":
		how = "was cancelled"
	case "EXPIRED":
		how = "expired before ShelfSync read it"
	}
	return &plain.Error{
		Sentence: fmt.Sprintf("Shopify's export of %s %s%s", ex.what, how, ex.advice),
		Cause:    fmt.Errorf("%w: bulk operation %s ended %s (%s)", connector.ErrUnavailable, op.ID, op.Status, op.ErrorCode),
	}
}

func (s *Store) pollBulk(ctx context.Context, ex bulkExport, id string) (bulkOperation, error) {
	wait := s.opts.BulkPollInterval
	deadline := s.opts.Now().Add(ex.timeout)
	for {
		if !s.opts.Now().Before(deadline) {
			return bulkOperation{}, s.bulkTimedOut(ex, ex.step, "running")
		}
		if err := s.opts.Sleep(ctx, wait); err != nil {
			return bulkOperation{}, fmt.Errorf("wait for the export of %s: %w", ex.what, err)
		}
		wait = min(wait*3/2, 10*time.Second)
		var d struct {
			Op *bulkOperation `json:"bulkOperation"`
		}
		if err := s.call(ctx, "ShelfSyncBulkStatus", bulkStatusQuery, map[string]any{"id": id}, 1, &d); err != nil {
			return bulkOperation{}, fmt.Errorf("check the export of %s: %w", ex.what, err)
		}
		if d.Op == nil {
			return bulkOperation{}, fmt.Errorf("check the export of %s: Shopify no longer knows bulk operation %s", ex.what, id)
		}
		switch d.Op.Status {
		case "COMPLETED":
			return *d.Op, nil
		case "CREATED", "RUNNING":
			continue
		}
		return bulkOperation{}, bulkEnded(ex, *d.Op)
	}
}

// waitCurrentBulk waits until the shop's latest bulk query is finished.
func (s *Store) waitCurrentBulk(ctx context.Context, ex bulkExport) error {
	wait := s.opts.BulkPollInterval
	deadline := s.opts.Now().Add(ex.timeout)
	for {
		if !s.opts.Now().Before(deadline) {
			return s.bulkTimedOut(ex, "wait for an earlier export to finish", "waiting")
		}
		var d struct {
			Current *bulkOperation `json:"currentBulkOperation"`
		}
		if err := s.call(ctx, "ShelfSyncCurrentBulk", currentBulkQuery, nil, 1, &d); err != nil {
			return fmt.Errorf("check running bulk export: %w", err)
		}
		if d.Current == nil || (d.Current.Status != "CREATED" && d.Current.Status != "RUNNING" && d.Current.Status != "CANCELING") {
			return nil
		}
		if err := s.opts.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("wait for running bulk export: %w", err)
		}
		wait = min(wait*3/2, 10*time.Second)
	}
}

// downloadJSONL fetches the bulk result (a signed URL: no token is sent)
// and decodes it one line at a time, so memory does not grow with the file.
func (s *Store) downloadJSONL(ctx context.Context, ex bulkExport, url string, each func([]byte) error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("download the export of %s: %w", ex.what, err)
	}
	resp, err := s.download.Do(ctx, req)
	if err != nil {
		// The file lives at a signed storage URL, not the Admin API: a 403
		// or 404 there means an expired link, not a refused token.
		var se *httpx.StatusError
		if errors.As(err, &se) && se.StatusCode < 500 {
			return &plain.Error{Sentence: fmt.Sprintf("Shopify's export of %s could not be downloaded (HTTP %d)%s", ex.what, se.StatusCode, ex.advice), Cause: err}
		}
		return fmt.Errorf("download the export of %s: %w", ex.what, s.httpError(err))
	}
	defer resp.Body.Close()
	if err := readJSONL(resp.Body, s.opts.MaxBulkLine, s.opts.MaxBulkBytes, ex.what, each); err != nil {
		return fmt.Errorf("download the export of %s: %w", ex.what, err)
	}
	return nil
}

// parseJSONL decodes a catalogue export, one variant a line.
func parseJSONL(r io.Reader, maxLine int, maxBytes int64, add func(variantNode)) error {
	return readJSONL(r, maxLine, maxBytes, "the catalogue", variantLines(add))
}

// readJSONL hands each line of a bulk export to each, refusing a line
// longer than maxLine or a file longer than maxBytes.
func readJSONL(r io.Reader, maxLine int, maxBytes int64, what string, each func([]byte) error) error {
	limited := &io.LimitedReader{R: r, N: maxBytes + 1}
	br := bufio.NewReaderSize(limited, min(maxLine, 64<<10))
	var long []byte // a line longer than the buffer, gathered up to maxLine
	for line := 1; ; line++ {
		raw, err := br.ReadSlice('\n')
		for errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0:0], raw...)
			for errors.Is(err, bufio.ErrBufferFull) && len(long) <= maxLine {
				raw, err = br.ReadSlice('\n')
				long = append(long, raw...)
			}
			if len(long) > maxLine {
				return &plain.Error{Sentence: fmt.Sprintf("Line %s of Shopify's export of %s is longer than %s, which no line of it needs: ShelfSync stopped reading it. Run the sync again; if it happens again, contact Shopify support", thousands(line), what, byteSize(int64(maxLine)))}
			}
			raw = long
		}
		if limited.N <= 0 {
			return &plain.Error{Sentence: fmt.Sprintf("Shopify's export of %s is larger than %s, more than ShelfSync expects of it: it stopped reading it. Run the sync again; if it happens again, contact Shopify support", what, byteSize(maxBytes))}
		}
		if err != nil && err != io.EOF {
			// The download broke off (a timeout, a reset): the line in hand
			// is cut short, so say that, not that its JSON is bad.
			return fmt.Errorf("line %d: %w", line, err)
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			if jerr := each(raw); jerr != nil {
				return fmt.Errorf("line %d: %w", line, jerr)
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return thousands(int(n)) + " bytes"
}
