package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
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
	SKU            string    `json:"sku"` // asked by the change read only
	Tracked        *bool     `json:"tracked"`
	InventoryLevel *levelRef `json:"inventoryLevel"`
	// LevelsAt are the levels at the other locations the index read asked
	// for, by their aliases (levelAlias).
	LevelsAt map[string]*levelRef `json:"-"`
}

// UnmarshalJSON reads the fields above and the aliased levels, which only
// a read at several locations asks for.
func (r *inventoryItemRef) UnmarshalJSON(b []byte) error {
	type fields inventoryItemRef // the same fields without this method
	if err := json.Unmarshal(b, (*fields)(r)); err != nil {
		return err
	}
	if !bytes.Contains(b, []byte(`"`+levelAliasPrefix)) {
		return nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for key, raw := range all {
		if !strings.HasPrefix(key, levelAliasPrefix) {
			continue
		}
		var l *levelRef
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		if r.LevelsAt == nil {
			r.LevelsAt = map[string]*levelRef{}
		}
		r.LevelsAt[key] = l
	}
	return nil
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

// levelAliasPrefix starts the response key of an item's level at each
// location the index is read at besides the primary one: levelAt1, …
const levelAliasPrefix = "levelAt"

func levelAlias(i int) string { return levelAliasPrefix + strconv.Itoa(i+1) }

// variantSelection is the selection both read paths use: the level at the
// location at (a variable or a quoted gid) and, aliased, at each of others.
// One query reads every location a location map writes: GraphQL aliases
// let the same field be asked with other arguments.
func variantSelection(at string, others []string) string {
	const level = `inventoryLevel(locationId: %s) { quantities(names: ["available"]) { name quantity } }`
	var b strings.Builder
	b.WriteString("id sku displayName\n      inventoryItem { id tracked " + fmt.Sprintf(level, at))
	for i, o := range others {
		b.WriteString(" " + levelAlias(i) + ": " + fmt.Sprintf(level, o))
	}
	b.WriteString(" }")
	return b.String()
}

// variantsQuery is the paged index read at $locationId and at others more
// locations ($levelAt1, …).
func variantsQuery(others int) string {
	vars := "$first: Int!, $after: String, $locationId: ID!"
	refs := make([]string, others)
	for i := range refs {
		refs[i] = "$" + levelAlias(i)
		vars += ", " + refs[i] + ": ID!"
	}
	return `query ShelfSyncVariants(` + vars + `) {
  productVariants(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { ` + variantSelection("$locationId", refs) + ` }
  }
}`
}

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
	// at is the location the index is read at, others the ones a location
	// map writes besides it.
	at         string
	others     []string
	bySKU      map[string][]inventory.StoreItem
	order      []string
	notTracked []inventory.StoreItem
	notStocked int
	untracked  int
	noSKU      int
}

func newIndexBuilder(at string, others []string) *indexBuilder {
	return &indexBuilder{at: at, others: others, bySKU: map[string][]inventory.StoreItem{}}
}

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
	}
	// The quantity at each location read where the item is stocked; one
	// it is not stocked at stays out (unknown, not 0).
	locations := map[string]int{}
	qty, ok := v.InventoryItem.InventoryLevel.available()
	if ok {
		locations[b.at] = qty
	}
	for i, other := range b.others {
		if q, ok := v.InventoryItem.LevelsAt[levelAlias(i)].available(); ok {
			locations[other] = q
		}
	}
	if len(locations) == 0 {
		b.notStocked++
		return
	}
	item := inventory.StoreItem{SKU: sku, Name: v.DisplayName, Qty: qty, Ref: v.InventoryItem.ID, Locations: locations}
	if v.InventoryItem.Tracked != nil && !*v.InventoryItem.Tracked {
		// Shopify does not count this item's stock: never written unless
		// the merchant turns tracking on (Push with TurnOnTracking).
		b.untracked++
		item.Untracked = true
		b.notTracked = append(b.notTracked, item)
		return
	}
	if _, seen := b.bySKU[sku]; !seen {
		b.order = append(b.order, sku)
	}
	b.bySKU[sku] = append(b.bySKU[sku], item)
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
	for _, it := range b.notTracked {
		if _, listed := b.bySKU[it.SKU]; listed {
			continue // the SKU has a tracked variant too: that one is synced
		}
		idx.NotTracked = append(idx.NotTracked, it)
		refs[it.SKU] = it.Ref
	}
	return idx, refs
}

// ReadIndex reads every variant's SKU, inventory item and available
// quantity at the location, and at every location the connection's
// location map writes (StoreItem.Locations). Small catalogues are paged
// 250 at a time; above the bulk threshold a bulk operation exports them
// all at once. Variants whose stock Shopify does not track are listed
// apart (NotTracked); variants without a SKU or stocked at none of the
// locations read are left out; SKUs held by more than one variant are
// reported as duplicates.
func (s *Store) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	calls0 := s.Calls()
	loc, err := s.resolveLocation(ctx)
	if err != nil {
		return connector.StoreIndex{}, err
	}
	others := s.otherLocations(loc)
	b := newIndexBuilder(loc.ID, others)
	useBulk := false
	if s.opts.BulkThreshold >= 0 {
		var c countData
		if err := s.call(ctx, "ShelfSyncCount", countQuery, nil, 1, &c); err != nil {
			return connector.StoreIndex{}, fmt.Errorf("count variants: %w", err)
		}
		useBulk = c.ProductVariantsCount.Count > s.opts.BulkThreshold || c.ProductVariantsCount.Precision == "AT_LEAST"
	}
	if !useBulk {
		err = s.readPages(ctx, loc, others, b.add)
		if errors.Is(err, errPaginationLimit) {
			b, useBulk = newIndexBuilder(loc.ID, others), true
		}
	}
	if useBulk {
		err = s.readBulk(ctx, loc, others, b.add)
	}
	if err != nil {
		return connector.StoreIndex{}, err
	}
	idx, refs := b.finish()
	s.mu.Lock()
	s.index = refs
	s.mu.Unlock()
	idx.APICalls = int(s.Calls() - calls0)
	return idx, nil
}

// otherLocations are the locations the connection's location map writes
// besides loc, in order.
func (s *Store) otherLocations(loc location) []string {
	var out []string
	for _, l := range s.mapLocations {
		if l != loc.ID && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// errPaginationLimit is a paged read reaching Shopify's 25,000-object
// pagination limit; the index is then read with a bulk operation.
var errPaginationLimit = errors.New("the paged read reached Shopify's pagination limit")

// readPages reads the variants a page at a time, each page as large as the
// cost limit allows; a page Shopify still refuses for its cost is asked
// again at half the size.
func (s *Store) readPages(ctx context.Context, loc location, others []string, add func(variantNode)) error {
	first := s.variantPageSize(len(others))
	query := variantsQuery(len(others))
	halved := false
	var after any // null on the first page
	read := 0
	for page := 1; ; {
		if read+first > paginationLimit {
			return errPaginationLimit
		}
		var d variantsData
		vars := map[string]any{"first": first, "after": after, "locationId": loc.ID}
		for i, other := range others {
			vars[levelAlias(i)] = other
		}
		err := s.call(ctx, "ShelfSyncVariants", query, vars, variantPageCost(first, len(others)), &d)
		var ce *costError
		if errors.As(err, &ce) && first > 1 {
			// Half, or less if the refusal told us the bucket is smaller.
			first, halved = max(1, min(first/2, s.variantPageSize(len(others)))), true
			continue
		}
		if err != nil {
			return fmt.Errorf("read variants page %d: %w", page, err)
		}
		s.notePageSize(first, len(others), halved)
		for _, v := range d.ProductVariants.Nodes {
			add(v)
		}
		read += len(d.ProductVariants.Nodes)
		pi := d.ProductVariants.PageInfo
		if !pi.HasNextPage {
			return nil
		}
		if pi.EndCursor == "" || pi.EndCursor == after {
			return fmt.Errorf("read variants page %d: Shopify said there are more pages but gave no new cursor", page)
		}
		after = pi.EndCursor
		page++
		if !halved {
			first = s.variantPageSize(len(others)) // the bucket's size may be known by now
		}
	}
}

// notePageSize keeps the page size used and, when the store's rate limit
// made pages smaller than Shopify's 250, says so in the run's details.
func (s *Store) notePageSize(first, others int, halved bool) {
	s.mu.Lock()
	changed := s.pageSize != first
	s.pageSize = first
	s.mu.Unlock()
	if !changed {
		return
	}
	switch limit := s.costLimit(); {
	case limit < maxSingleQueryCost:
		s.notice(fmt.Sprintf("This store's Shopify rate limit holds %d points, so the catalogue was read %d variants a request (a request costs %d).", limit, first, variantPageCost(first, others)))
	case halved:
		s.notice(fmt.Sprintf("Shopify refused larger requests, so the catalogue was read %d variants a request.", first))
	}
}

// PageSize is the variants page size of the last paged read (0 if none).
func (s *Store) PageSize() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pageSize
}

const scopesQuery = `query ShelfSyncScopes { currentAppInstallation { accessScopes { handle } } }`

type scopesData struct {
	Installation struct {
		AccessScopes []struct {
			Handle string `json:"handle"`
		} `json:"accessScopes"`
	} `json:"currentAppInstallation"`
}

// checkScopes reads the scopes granted to the app and fails, naming them,
// when one ShelfSync needs is missing. A write_ scope implies its read_.
func (s *Store) checkScopes(ctx context.Context) ([]string, error) {
	var d scopesData
	if err := s.call(ctx, "ShelfSyncScopes", scopesQuery, nil, 2, &d); err != nil {
		return nil, fmt.Errorf("read the app's access scopes: %w", err)
	}
	granted := map[string]bool{}
	var list []string
	for _, sc := range d.Installation.AccessScopes {
		granted[sc.Handle] = true
		if r, ok := strings.CutPrefix(sc.Handle, "write_"); ok {
			granted["read_"+r] = true
		}
		list = append(list, sc.Handle)
	}
	var missing []string
	for _, need := range RequiredScopes {
		if !granted[need] {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return list, &plain.Error{
			Sentence: fmt.Sprintf("The Shopify app lacks the access scope%s %s (it has %s): add %s to the app's version in the Dev Dashboard, release it, and approve the update in the store",
				plural(len(missing)), strings.Join(missing, ", "), orNone(list), map[bool]string{true: "them", false: "it"}[len(missing) > 1]),
			Cause: connector.ErrUnauthorized,
		}
	}
	return list, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

const testQuery = `query ShelfSyncTest($locationId: ID!) {
  shop { name }
  productVariantsCount { count precision }
  productVariants(first: 5) { nodes { ` + "id sku displayName inventoryItem { id tracked inventoryLevel(locationId: $locationId) { quantities(names: [\"available\"]) { name quantity } } }" + ` } }
}`

// Test proves the credentials and address work: it reads the app's scopes
// (naming any missing), the locations, the variant count and a few
// variants.
func (s *Store) Test(ctx context.Context) (connector.TestResult, error) {
	scopes, err := s.checkScopes(ctx)
	if err != nil {
		return connector.TestResult{}, err
	}
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
	res.Summary = fmt.Sprintf("Connected to %s: %s%s variant%s; stock is synced at %s. The app has the access scopes %s.", d.Shop.Name, thousands(d.ProductVariantsCount.Count), more, plural(d.ProductVariantsCount.Count), loc.Name, strings.Join(scopes, ", "))
	for _, n := range s.Notices() {
		res.Summary += " " + n
	}
	s.mu.Lock()
	locations := connector.Choices{Selected: loc.ID}
	for _, l := range s.active {
		locations.Options = append(locations.Options, connector.Choice{Value: l.ID, Label: l.Name})
	}
	s.mu.Unlock()
	res.Choices = map[string]connector.Choices{SettingLocation: locations}
	return res, nil
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
