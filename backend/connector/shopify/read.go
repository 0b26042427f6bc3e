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
	"sort"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/inventory"
)

// variantNode is one product variant as both the paged query and the bulk
// JSONL return it.
type variantNode struct {
	ID            string            `json:"id"`
	SKU           string            `json:"sku"`
	DisplayName   string            `json:"displayName"`
	ParentID      string            `json:"__parentId"`
	InventoryItem *inventoryItemRef `json:"inventoryItem"`
}

type inventoryItemRef struct {
	ID             string    `json:"id"`
	Tracked        *bool     `json:"tracked"`
	InventoryLevel *levelRef `json:"inventoryLevel"`
}

type levelRef struct {
	Quantities []struct {
		Name     string `json:"name"`
		Quantity int    `json:"quantity"`
	} `json:"quantities"`
}

// available is the level's "available" quantity; ok is false when the
// item is not stocked at the location or the answer lacks the quantity.
func (l *levelRef) available() (int, bool) {
	if l == nil {
		return 0, false
	}
	for _, q := range l.Quantities {
		if q.Name == "available" {
			return q.Quantity, true
		}
	}
	return 0, false
}

// variantFields is the selection both read paths use.
const variantFields = `id sku displayName
      inventoryItem { id tracked inventoryLevel(locationId: %s) { quantities(names: ["available"]) { name quantity } } }`

var variantsQuery = `query ShelfSyncVariants($first: Int!, $after: String, $locationId: ID!) {
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { ` + fmt.Sprintf(variantFields, "$locationId") + ` }
  }
}`

type variantsData struct {
	ProductVariants struct {
		PageInfo struct {
			HasNextPage bool   `json:"hasNextPage"`
			EndCursor   string `json:"endCursor"`
		} `json:"pageInfo"`
		Nodes []variantNode `json:"nodes"`
	} `json:"productVariants"`
}

const countQuery = `query ShelfSyncCount { productVariantsCount { count precision } }`

type countData struct {
	ProductVariantsCount struct {
		Count     int    `json:"count"`
		Precision string `json:"precision"`
	} `json:"productVariantsCount"`
}

// indexBuilder turns variants into the SKU index, setting aside duplicates
// and variants that cannot be synced at the location.
type indexBuilder struct {
	bySKU      map[string][]inventory.StoreItem
	order      []string
	notStocked int
	untracked  int
	noSKU      int
}

func newIndexBuilder() *indexBuilder { return &indexBuilder{bySKU: map[string][]inventory.StoreItem{}} }

func (b *indexBuilder) add(v variantNode) {
	sku := strings.TrimSpace(v.SKU)
	switch {
	case v.ParentID != "": // a nested connection's line in bulk output; we ask for none
		return
	case sku == "":
		b.noSKU++
		return
	case v.InventoryItem == nil || v.InventoryItem.ID == "":
		b.notStocked++
		return
	case v.InventoryItem.Tracked != nil && !*v.InventoryItem.Tracked:
		b.untracked++
		return
	}
	qty, ok := v.InventoryItem.InventoryLevel.available()
	if !ok {
		b.notStocked++
		return
	}
	if _, seen := b.bySKU[sku]; !seen {
		b.order = append(b.order, sku)
	}
	b.bySKU[sku] = append(b.bySKU[sku], inventory.StoreItem{SKU: sku, Name: v.DisplayName, Qty: qty, Ref: v.InventoryItem.ID})
}

func (b *indexBuilder) finish() (connector.StoreIndex, map[string]string) {
	idx := connector.StoreIndex{Items: make([]inventory.StoreItem, 0, len(b.order))}
	refs := make(map[string]string, len(b.order))
	for _, sku := range b.order {
		items := b.bySKU[sku]
		if len(items) > 1 {
			idx.Duplicates = append(idx.Duplicates, sku)
			continue
		}
		idx.Items = append(idx.Items, items[0])
		refs[sku] = items[0].Ref
	}
	sort.Strings(idx.Duplicates)
	return idx, refs
}

// ReadIndex reads every variant's SKU, inventory item and available
// quantity at the location. Small catalogues are paged 250 at a time; above
// the bulk threshold a bulk operation exports them all at once. Variants
// without a SKU, untracked, or not stocked at the location are left out;
// SKUs held by more than one variant are reported as duplicates.
func (s *Store) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	calls0 := s.http.Calls()
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return connector.StoreIndex{}, err
	}
	b := newIndexBuilder()
	useBulk := false
	if s.opts.BulkThreshold >= 0 {
		var c countData
		if err := s.call(ctx, "ShelfSyncCount", countQuery, nil, 1, &c); err != nil {
			return connector.StoreIndex{}, fmt.Errorf("count variants: %w", err)
		}
		useBulk = c.ProductVariantsCount.Count > s.opts.BulkThreshold || c.ProductVariantsCount.Precision == "AT_LEAST"
	}
	if useBulk {
		err = s.readBulk(ctx, loc, b.add)
	} else {
		err = s.readPages(ctx, loc, b.add)
	}
	if err != nil {
		return connector.StoreIndex{}, err
	}
	idx, refs := b.finish()
	s.mu.Lock()
	s.index = refs
	s.mu.Unlock()
	idx.APICalls = int(s.http.Calls() - calls0)
	return idx, nil
}

func (s *Store) readPages(ctx context.Context, loc location, add func(variantNode)) error {
	first := s.opts.PageSize
	var after any // null on the first page
	for page := 1; ; page++ {
		var d variantsData
		vars := map[string]any{"first": first, "after": after, "locationId": loc.ID}
		if err := s.call(ctx, "ShelfSyncVariants", variantsQuery, vars, 2+3*first, &d); err != nil {
			return fmt.Errorf("read variants page %d: %w", page, err)
		}
		for _, v := range d.ProductVariants.Nodes {
			add(v)
		}
		pi := d.ProductVariants.PageInfo
		if !pi.HasNextPage {
			return nil
		}
		if pi.EndCursor == "" || pi.EndCursor == after {
			return fmt.Errorf("read variants page %d: Shopify said there are more pages but gave no new cursor", page)
		}
		after = pi.EndCursor
	}
}

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
func (s *Store) readBulk(ctx context.Context, loc location, add func(variantNode)) error {
	inner := "{ productVariants { edges { node { " + fmt.Sprintf(variantFields, strconv.Quote(loc.ID)) + " } } } }"
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

func (s *Store) pollBulk(ctx context.Context, id string) (bulkOperation, error) {
	wait := s.opts.BulkPollInterval
	for {
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
		return bulkOperation{}, &sentenceError{
			msg:   fmt.Sprintf("Shopify's bulk export of the catalogue ended %s (%s): run the sync again", d.Node.Status, d.Node.ErrorCode),
			cause: connector.ErrUnavailable,
		}
	}
}

// waitCurrentBulk waits until the shop's current bulk query is finished.
func (s *Store) waitCurrentBulk(ctx context.Context) error {
	wait := s.opts.BulkPollInterval
	for {
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
			return &sentenceError{msg: fmt.Sprintf("The catalogue export could not be downloaded from Shopify (HTTP %d): run the sync again", se.StatusCode), cause: err}
		}
		return fmt.Errorf("download bulk export: %w", s.httpError(err))
	}
	defer resp.Body.Close()
	if err := parseJSONL(resp.Body, add); err != nil {
		return fmt.Errorf("download bulk export: %w", err)
	}
	return nil
}

// parseJSONL decodes a bulk export, one variant per line.
func parseJSONL(r io.Reader, add func(variantNode)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		raw, err := br.ReadBytes('\n')
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

const testQuery = `query ShelfSyncTest($locationId: ID!) {
  shop { name }
  productVariantsCount { count precision }
  productVariants(first: 5) { nodes { ` + "id sku displayName inventoryItem { id tracked inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) { name quantity } } }" + ` } }
}`

// Test proves the token and address work: it reads the locations, the
// variant count and a few variants.
func (s *Store) Test(ctx context.Context) (connector.TestResult, error) {
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return connector.TestResult{}, err
	}
	var d struct {
		Shop struct {
			Name string `json:"name"`
		} `json:"shop"`
		countData
		variantsData
	}
	if err := s.call(ctx, "ShelfSyncTest", testQuery, map[string]any{"locationId": loc.ID}, 20, &d); err != nil {
		return connector.TestResult{}, err
	}
	res := connector.TestResult{Count: d.ProductVariantsCount.Count}
	for _, v := range d.ProductVariants.Nodes {
		if v.SKU == "" {
			continue
		}
		if v.InventoryItem == nil {
			continue
		}
		if qty, ok := v.InventoryItem.InventoryLevel.available(); ok {
			res.Sample = append(res.Sample, fmt.Sprintf("%s: %d available", v.SKU, qty))
		} else {
			res.Sample = append(res.Sample, v.SKU+": not stocked at "+loc.Name)
		}
	}
	more := ""
	if d.ProductVariantsCount.Precision == "AT_LEAST" {
		more = " or more"
	}
	res.Summary = fmt.Sprintf("Connected to %s: %s%s variants; stock is synced at %s.", d.Shop.Name, thousands(d.ProductVariantsCount.Count), more, loc.Name)
	return res, nil
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
