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
	// DefaultBulkTimeout is how long ShelfSync waits for an export.
	DefaultBulkTimeout = 3 * time.Hour
	// DefaultMaxBulkLine is the longest line of an export read (1 MiB;
	// a variant's line is under 1 KiB).
	DefaultMaxBulkLine = 1 << 20
	// DefaultMaxBulkBytes is the most of an export file read (8 GiB; a
	// million variants take well under 1 GiB).
	DefaultMaxBulkBytes = 8 << 30
)

const bulkRunMutation = `mutation ShelfSyncBulkIndex($query: String!) {
  bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message } }
}`

const bulkStatusQuery = `query ShelfSyncBulkStatus($id: ID!) {
  node(id: $id) { ... on BulkOperation { id status errorCode url partialDataUrl } }
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
		} `json:"userErrors"`
	} `json:"bulkOperationRunQuery"`
}

// readBulk exports the variants with a bulk operation, waits for it, and
// streams its JSONL file line by line.
func (s *Store) readBulk(ctx context.Context, loc location, others []string, add func(variantNode)) error {
	quoted := make([]string, len(others))
	for i, o := range others {
		quoted[i] = strconv.Quote(o)
	}
	inner := "{ productVariants { edges { node { " + variantSelection(strconv.Quote(loc.ID), quoted) + " } } } }"
	var run bulkRunData
	for attempt := 0; ; attempt++ {
		run = bulkRunData{}
		if err := s.call(ctx, "ShelfSyncBulkIndex", bulkRunMutation, map[string]any{"query": inner}, 10, &run); err != nil {
			return fmt.Errorf("start bulk export: %w", err)
		}
		if len(run.Run.UserErrors) == 0 {
			break
		}
		msg := run.Run.UserErrors[0].Message
		// Shopify runs one bulk query per app and shop: wait out one still
		// running (ours from an interrupted sync, most likely) and retry once.
		if attempt == 0 && strings.Contains(msg, "already in progress") {
			if err := s.waitCurrentBulk(ctx); err != nil {
				return err
			}
			continue
		}
		return fmt.Errorf("start bulk export: Shopify refused it: %s", msg)
	}
	if run.Run.BulkOperation == nil {
		return errors.New("start bulk export: Shopify returned no bulk operation")
	}
	op, err := s.pollBulk(ctx, run.Run.BulkOperation.ID)
	if err != nil {
		return err
	}
	if op.URL == "" { // a completed export of nothing has no file
		return nil
	}
	return s.downloadJSONL(ctx, op.URL, add)
}

// errBulkTimeout marks an export not finished by the deadline.
var errBulkTimeout = errors.New("bulk export timed out")

// bulkTimedOut is the sentence for an export still unfinished at the
// deadline, naming the step that waited.
func (s *Store) bulkTimedOut(step, status string) error {
	return &plain.Error{
		Sentence: fmt.Sprintf("Shopify's bulk export of the catalogue was still %s after %s, so ShelfSync stopped waiting (step: %s): run the sync again later, and contact Shopify support if it keeps happening", status, s.opts.BulkTimeout, step),
		Cause:    errors.Join(connector.ErrUnavailable, errBulkTimeout),
	}
}

func (s *Store) pollBulk(ctx context.Context, id string) (bulkOperation, error) {
	wait := s.opts.BulkPollInterval
	deadline := s.opts.Now().Add(s.opts.BulkTimeout)
	for {
		if !s.opts.Now().Before(deadline) {
			return bulkOperation{}, s.bulkTimedOut("wait for the catalogue export", "running")
		}
		if err := s.opts.Sleep(ctx, wait); err != nil {
			return bulkOperation{}, fmt.Errorf("wait for bulk export: %w", err)
		}
		wait = min(wait*3/2, 10*time.Second)
		var d struct {
			Node *bulkOperation `json:"node"`
		}
		if err := s.call(ctx, "ShelfSyncBulkStatus", bulkStatusQuery, map[string]any{"id": id}, 1, &d); err != nil {
			return bulkOperation{}, fmt.Errorf("check bulk export: %w", err)
		}
		if d.Node == nil {
			return bulkOperation{}, fmt.Errorf("check bulk export: Shopify no longer knows bulk operation %s", id)
		}
		switch d.Node.Status {
		case "COMPLETED":
			return *d.Node, nil
		case "CREATED", "RUNNING":
			continue
		}
		return bulkOperation{}, &plain.Error{
			Sentence: fmt.Sprintf("Shopify's bulk export of the catalogue ended %s (%s): run the sync again", d.Node.Status, d.Node.ErrorCode),
			Cause:    connector.ErrUnavailable,
		}
	}
}

// waitCurrentBulk waits until the shop's current bulk query is finished.
func (s *Store) waitCurrentBulk(ctx context.Context) error {
	wait := s.opts.BulkPollInterval
	deadline := s.opts.Now().Add(s.opts.BulkTimeout)
	for {
		if !s.opts.Now().Before(deadline) {
			return s.bulkTimedOut("wait for an earlier export to finish", "running")
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
func (s *Store) downloadJSONL(ctx context.Context, url string, add func(variantNode)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("download bulk export: %w", err)
	}
	resp, err := s.http.Do(ctx, req)
	if err != nil {
		// The file lives at a signed storage URL, not the Admin API: a 403
		// or 404 there means an expired link, not a refused token.
		var se *httpx.StatusError
		if errors.As(err, &se) && se.StatusCode < 500 {
			return &plain.Error{Sentence: fmt.Sprintf("The catalogue export could not be downloaded from Shopify (HTTP %d): run the sync again", se.StatusCode), Cause: err}
		}
		return fmt.Errorf("download bulk export: %w", s.httpError(err))
	}
	defer resp.Body.Close()
	if err := parseJSONL(resp.Body, s.opts.MaxBulkLine, s.opts.MaxBulkBytes, add); err != nil {
		return fmt.Errorf("download bulk export: %w", err)
	}
	return nil
}

// parseJSONL decodes a bulk export, one variant per line, refusing a line
// longer than maxLine or a file longer than maxBytes.
func parseJSONL(r io.Reader, maxLine int, maxBytes int64, add func(variantNode)) error {
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
				return &plain.Error{Sentence: fmt.Sprintf("Line %s of Shopify's catalogue export is longer than %s, which no variant needs: ShelfSync stopped reading it. Run the sync again; if it happens again, contact Shopify support", thousands(line), byteSize(int64(maxLine)))}
			}
			raw = long
		}
		if limited.N <= 0 {
			return &plain.Error{Sentence: fmt.Sprintf("Shopify's catalogue export is larger than %s, more than any catalogue ShelfSync expects: it stopped reading it. Run the sync again; if it happens again, contact Shopify support", byteSize(maxBytes))}
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			var v variantNode
			if jerr := json.Unmarshal(raw, &v); jerr != nil {
				return fmt.Errorf("line %d: %w", line, jerr)
			}
			add(v)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
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
