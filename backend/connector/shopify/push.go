package shopify

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// setQuantitiesMutation writes with compare-and-set (changeFromQuantity,
// API 2026-01 and later) under an idempotency key (required from 2026-04):
// a retry of the same call after a lost answer is recognised by Shopify
// and not applied twice.
const setQuantitiesMutation = `mutation ShelfSyncSetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`

type setUserError struct {
	Code    string   `json:"code"`
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

type setData struct {
	Set struct {
		Group *struct {
			ID string `json:"id"`
		} `json:"inventoryAdjustmentGroup"`
		UserErrors []setUserError `json:"userErrors"`
	} `json:"inventorySetQuantities"`
}

const levelsQuery = `query ShelfSyncLevels($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) { ... on InventoryItem { id inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } } }
}`

type levelsData struct {
	Nodes []*struct {
		ID             string    `json:"id"`
		InventoryLevel *levelRef `json:"inventoryLevel"`
	} `json:"nodes"`
}

// entry is one SKU on its way to Shopify.
type entry struct {
	i       int    // index in the batch and its results
	item    string // inventory item gid
	loc     string // location gid
	compare int    // the store quantity we expect to replace
	to      int
	rereads int // times the store moved under us and we re-read it
}

// entryIndex finds the entry a userError's field path points at:
// ["input","quantities","3","changeFromQuantity"] -> 3.
func entryIndex(field []string) (int, bool) {
	for k := 0; k+1 < len(field); k++ {
		if field[k] == "quantities" {
			n, err := strconv.Atoi(field[k+1])
			return n, err == nil && n >= 0
		}
	}
	return 0, false
}

func isStale(code string) bool {
	return code == "COMPARE_QUANTITY_STALE" || code == "CHANGE_FROM_QUANTITY_STALE"
}

// Push sets "available" at the location for each SKU with compare-and-set
// (see docs/connectors/shopify.md): every write names the quantity it
// expects to replace. When a sale or a hand edit moved a SKU since it was
// read, Shopify refuses that entry as stale; the SKU is re-read and written
// again with the fresh compare quantity, up to MaxCASAttempts times, so the
// warehouse's published quantity wins but never blindly.
// inventorySetQuantities is all-or-nothing, so the entries of a refused
// call that had no error of their own are simply sent again.
func (s *Store) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	calls0, throttled0 := s.Calls(), s.Throttled()
	res := connector.PushBatchResult{Results: make([]connector.PushResult, len(batch))}
	var all []*entry
	done := func(err error) (connector.PushBatchResult, error) {
		// A SKU re-read after a stale refusal was changed in Shopify
		// between our read and our write: say what the write replaced.
		for _, e := range all {
			if r := &res.Results[e.i]; r.OK && e.rereads > 0 {
				seen := e.compare
				r.Seen = &seen
			}
		}
		res.APICalls = int(s.Calls() - calls0)
		res.Throttled = int(s.Throttled() - throttled0)
		return res, err
	}
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return done(err)
	}
	var work, unknown []*entry
	seen := map[[2]string]int{} // inventory item and location -> index in batch
	s.mu.Lock()
	for i, p := range batch {
		r := &res.Results[i]
		r.SKU, r.Location = p.SKU, p.Location
		r.Ref = p.Ref
		at := loc.ID
		if p.Location != "" {
			at = p.Location // one call may write several locations
		}
		if r.Ref == "" {
			sku := p.StoreSKU
			if sku == "" {
				sku = p.SKU
			}
			r.Ref = s.index[sku]
		}
		switch j, dup := seen[[2]string{r.Ref, at}]; {
		case r.Ref == "":
			r.Error = "This SKU is not in the Shopify index read by this app: run a Full Sync so the store is read again"
		case dup:
			r.Error = fmt.Sprintf("This SKU uses the same Shopify inventory item as %s in this sync, which was written instead", batch[j].SKU)
		default:
			seen[[2]string{r.Ref, at}] = i
			e := &entry{i: i, item: r.Ref, loc: at, compare: p.From, to: p.To}
			if p.FromKnown {
				work = append(work, e)
			} else {
				unknown = append(unknown, e)
			}
		}
	}
	s.mu.Unlock()
	all = append(append(all, work...), unknown...)

	if meta.TurnOnTracking {
		if work, err = s.turnOnTracking(ctx, batch, work, res.Results); err != nil {
			return done(err)
		}
		if unknown, err = s.turnOnTracking(ctx, batch, unknown, res.Results); err != nil {
			return done(err)
		}
	}
	// A SKU whose store quantity we never saw is read first, so that its
	// write is a compare-and-set like the others.
	if len(unknown) > 0 {
		kept, err := s.refresh(ctx, loc, unknown, res.Results)
		if err != nil {
			return done(err)
		}
		work = append(work, kept...)
	}
	for len(work) > 0 {
		var next, stale []*entry
		for start := 0; start < len(work); start += MaxBatch {
			chunk := work[start:min(start+MaxBatch, len(work))]
			userErrs, err := s.setQuantities(ctx, chunk, meta)
			if err != nil {
				if !anyWritten(res.Results) {
					return done(err)
				}
				// Some SKUs are already written: say which failed instead.
				for _, e := range append(append(append([]*entry{}, work[start:]...), next...), stale...) {
					res.Results[e.i].Error = err.Error()
				}
				return done(nil)
			}
			n, st := s.sortOutcome(chunk, userErrs, res.Results)
			next, stale = append(next, n...), append(stale, st...)
		}
		if len(stale) > 0 {
			kept, err := s.refresh(ctx, loc, stale, res.Results)
			if err != nil {
				for _, e := range append(stale, next...) {
					res.Results[e.i].Error = err.Error()
				}
				return done(nil)
			}
			next = append(next, kept...)
		}
		work = next
	}
	return done(nil)
}

// sortOutcome records what one call did to its chunk and returns the
// entries to send again (no error of their own) and the stale ones to
// re-read.
func (s *Store) sortOutcome(chunk []*entry, userErrs []setUserError, results []connector.PushResult) (again, stale []*entry) {
	if len(userErrs) == 0 {
		for _, e := range chunk {
			r := &results[e.i]
			r.OK, r.StoreQty, r.Error = true, e.to, ""
		}
		return nil, nil
	}
	byEntry := map[int][]setUserError{}
	var general []setUserError
	for _, ue := range userErrs {
		if i, ok := entryIndex(ue.Field); ok && i < len(chunk) {
			byEntry[i] = append(byEntry[i], ue)
		} else {
			general = append(general, ue)
		}
	}
	for j, e := range chunk {
		r := &results[e.i]
		if len(general) > 0 {
			r.Error = s.tokens.scrub(refusal(general[0]))
			continue
		}
		ues := byEntry[j]
		if len(ues) == 0 {
			again = append(again, e)
			continue
		}
		if !allStale(ues) {
			for _, ue := range ues {
				if !isStale(ue.Code) {
					r.Error = s.tokens.scrub(refusal(ue))
					break
				}
			}
			continue
		}
		e.rereads++
		if e.rereads > s.opts.MaxCASAttempts {
			r.StoreQty = e.compare
			r.Error = fmt.Sprintf("The quantity in Shopify kept changing while it was written (%d attempts): it will be retried on the next sync", e.rereads)
			continue
		}
		stale = append(stale, e)
	}
	return again, stale
}

func allStale(ues []setUserError) bool {
	for _, ue := range ues {
		if !isStale(ue.Code) {
			return false
		}
	}
	return true
}

func refusal(ue setUserError) string {
	return fmt.Sprintf("Shopify refused the quantity (%s): %s", ue.Code, ue.Message)
}

func anyWritten(results []connector.PushResult) bool {
	for _, r := range results {
		if r.OK {
			return true
		}
	}
	return false
}

// setQuantities sends one inventorySetQuantities call for up to 250 entries.
func (s *Store) setQuantities(ctx context.Context, chunk []*entry, meta connector.PushMeta) ([]setUserError, error) {
	qs := make([]map[string]any, len(chunk))
	for i, e := range chunk {
		qs[i] = map[string]any{"inventoryItemId": e.item, "locationId": e.loc, "quantity": e.to, "changeFromQuantity": e.compare}
	}
	input := map[string]any{"name": "available", "reason": "correction", "quantities": qs}
	if meta.RunID > 0 {
		input["referenceDocumentUri"] = "gid://shelfsync/SyncRun/" + strconv.FormatUint(uint64(meta.RunID), 10)
	}
	vars := map[string]any{"input": input, "key": idempotencyKey(meta, input, chunk)}
	var d setData
	if err := s.call(ctx, "ShelfSyncSetQuantities", setQuantitiesMutation, vars, 10, &d); err != nil {
		return nil, fmt.Errorf("set quantities: %w", err)
	}
	if len(d.Set.UserErrors) == 0 && d.Set.Group == nil {
		// Shopify makes no adjustment when nothing changes; that is success.
		return nil, nil
	}
	return d.Set.UserErrors, nil
}

// idempotencyKey names one write so that Shopify applies it once: the same
// for the same call sent again (httpx resends it when the answer was lost),
// different for any new write. It digests the connection, the run, the
// input (every quantity with the one it replaces) and how often each entry
// was re-read, so a write repeated on purpose (the next run, or the same
// quantities after the store moved away and back) gets a new key.
func idempotencyKey(meta connector.PushMeta, input map[string]any, chunk []*entry) string {
	h := sha256.New()
	fmt.Fprintf(h, "shelfsync/%d/%d\n", meta.ConnectionID, meta.RunID)
	b, _ := json.Marshal(input) // cannot fail: strings, ints and maps of them
	h.Write(b)
	for _, e := range chunk {
		fmt.Fprintf(h, "/%d", e.rereads)
	}
	sum := h.Sum(nil)
	// Shaped like a UUID, as Shopify recommends for keys.
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// refresh re-reads the entries' current available quantity and makes it
// their compare quantity. Entries already at their target are done; items
// gone or not stocked at the location fail. It returns those still to write.
func (s *Store) refresh(ctx context.Context, loc location, entries []*entry, results []connector.PushResult) ([]*entry, error) {
	var kept []*entry
	byLocation := map[string][]*entry{}
	var order []string
	for _, e := range entries {
		if _, seen := byLocation[e.loc]; !seen {
			order = append(order, e.loc)
		}
		byLocation[e.loc] = append(byLocation[e.loc], e)
	}
	for _, at := range order {
		place := loc
		if at != loc.ID {
			place = location{ID: at, Name: "the location " + at}
		}
		more, err := s.refreshAt(ctx, place, byLocation[at], results)
		if err != nil {
			return nil, err
		}
		kept = append(kept, more...)
	}
	return kept, nil
}

// refreshAt is refresh for entries of one location.
func (s *Store) refreshAt(ctx context.Context, loc location, entries []*entry, results []connector.PushResult) ([]*entry, error) {
	var kept []*entry
	size := s.levelsChunk()
	for start := 0; start < len(entries); {
		chunk := entries[start:min(start+size, len(entries))]
		ids := make([]string, len(chunk))
		for i, e := range chunk {
			ids[i] = e.item
		}
		var d levelsData
		err := s.call(ctx, "ShelfSyncLevels", levelsQuery, map[string]any{"ids": ids, "locationId": loc.ID}, levelsCost(len(ids)), &d)
		var ce *costError
		if errors.As(err, &ce) && size > 1 {
			size = max(1, min(size/2, s.levelsChunk())) // Shopify counts this read dearer than we do: ask for less
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("re-read quantities: %w", err)
		}
		start += len(chunk)
		for i, e := range chunk {
			r := &results[e.i]
			if i >= len(d.Nodes) || d.Nodes[i] == nil {
				r.Error = "The inventory item no longer exists in Shopify: run a Full Sync so the store is read again"
				continue
			}
			qty, ok := d.Nodes[i].InventoryLevel.available()
			if !ok {
				r.Error = fmt.Sprintf("The item is not stocked at %s: stock it there in the Shopify admin, or choose another location", loc.Name)
				continue
			}
			e.compare, r.StoreQty = qty, qty
			if qty == e.to {
				r.OK, r.Error = true, ""
				continue
			}
			kept = append(kept, e)
		}
	}
	return kept, nil
}
