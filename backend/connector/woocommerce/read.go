package woocommerce

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
	"shelfsync/backend/plain"
)

// page is one page of a product or variation listing.
type page struct {
	products []product
	// total and totalPages come from X-WP-Total / X-WP-TotalPages; -1 when
	// a proxy or plugin stripped them.
	total, totalPages int
	// size is the answer's length in bytes.
	size int
}

func (s *Store) getPage(ctx context.Context, path string, q url.Values) (page, error) {
	resp, body, err := s.do(ctx, "GET", path, q, nil)
	if err != nil {
		return page{}, err
	}
	ps, err := decodeProducts(body)
	if err != nil {
		return page{}, plain.Wrap(err, "the WooCommerce site sent a product list ShelfSync cannot read; a plugin or the host may be changing API answers, so check the site's REST API at %s/wp-json/wc/v3/products", s.site)
	}
	return page{
		products:   ps,
		total:      headerInt(resp.Header.Get("X-WP-Total")),
		totalPages: headerInt(resp.Header.Get("X-WP-TotalPages")),
		size:       len(body),
	}, nil
}

func headerInt(v string) int {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// listAll reads every page of a listing, 100 at a time in id order so that
// a product saved during the read cannot move between pages.
// A site that ignores "page" or claims endless pages stops at the limits.
func (s *Store) listAll(ctx context.Context, path string, filter url.Values, b *budget) ([]product, error) {
	var all []product
	for n := int64(1); n <= b.lim.Pages; n++ {
		q := url.Values{}
		for k, v := range filter {
			q[k] = v
		}
		q.Set("per_page", strconv.Itoa(PerPage))
		q.Set("page", strconv.FormatInt(n, 10))
		q.Set("orderby", "id")
		q.Set("order", "asc")
		pg, err := s.getPage(ctx, path, q)
		if err != nil {
			return nil, fmt.Errorf("read %s page %d: %w", path, n, err)
		}
		if err := b.take(len(pg.products), pg.size); err != nil {
			return nil, err
		}
		all = append(all, pg.products...)
		done := len(pg.products) < PerPage
		if pg.totalPages >= 0 {
			done = n >= int64(pg.totalPages)
		}
		if done || len(pg.products) == 0 {
			return all, nil
		}
	}
	return nil, b.pagesError(path)
}

// ReadIndex reads every product, and the variations of variable products,
// and returns the SKUs whose stock WooCommerce manages.
func (s *Store) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	return s.readIndex(ctx, nil)
}

// ReadIndexChangedSince reads only products modified after since (the
// modified_after filter, in GMT) and all variations of the variable ones
// among them. It misses sales, which do not reliably move date_modified
// (WooCommerce issue #40060), and variations saved on their own: to learn
// what changed in the store, use ChangedSince.
func (s *Store) ReadIndexChangedSince(ctx context.Context, since time.Time) (connector.StoreIndex, error) {
	if since.IsZero() {
		return s.readIndex(ctx, nil)
	}
	return s.readIndex(ctx, url.Values{
		"modified_after": {since.UTC().Format(time.RFC3339)},
		"dates_are_gmt":  {"true"},
	})
}

func (s *Store) readIndex(ctx context.Context, filter url.Values) (connector.StoreIndex, error) {
	before := s.http.Calls()
	products, variations, err := s.readProducts(ctx, filter, &budget{lim: s.limits})
	if err != nil {
		return connector.StoreIndex{}, err
	}
	b := buildIndex(products, variations)
	return connector.StoreIndex{
		Items: b.items, Duplicates: b.duplicates, NotTracked: b.notTracked,
		Notes: s.fractionNote(b.fractional), APICalls: int(s.http.Calls() - before),
	}, nil
}

// readProducts lists the products the filter selects and every variation
// of the variable ones among them.
func (s *Store) readProducts(ctx context.Context, filter url.Values, b *budget) ([]product, map[int64][]product, error) {
	products, err := s.listAll(ctx, "/products", filter, b)
	if err != nil {
		return nil, nil, err
	}
	variations := map[int64][]product{}
	for _, p := range products {
		// A variable product whose variations list is present and empty
		// has nothing to read; an absent list is read to be safe.
		if p.Type != "variable" || (p.Variations != nil && len(p.Variations) == 0) {
			continue
		}
		vs, err := s.listAll(ctx, fmt.Sprintf("/products/%d/variations", p.ID), nil, b)
		if err != nil {
			return nil, nil, fmt.Errorf("read the variations of product %d: %w", p.ID, err)
		}
		variations[p.ID] = vs
	}
	return products, variations, nil
}

// index is what buildIndex makes of products and variations.
type index struct {
	items      []inventory.StoreItem
	duplicates []string
	// notTracked are listings with a SKU whose stock WooCommerce does not
	// count; never written, reported apart.
	notTracked []inventory.StoreItem
	// fractional lists "SKU (2.5)" for stocks rounded down.
	fractional []string
}

// fractionNote says, the first time in this Store's life (one run), that
// fractional stock was rounded down; nil when there was none or it was
// already said.
func (s *Store) fractionNote(fractional []string) []string {
	if len(fractional) == 0 || !s.fractionSaid.CompareAndSwap(false, true) {
		return nil
	}
	sort.Strings(fractional)
	example := fractional[0]
	return []string{fmt.Sprintf("WooCommerce holds a fractional stock for %s (e.g. %s), as a plugin that counts stock in fractions does; ShelfSync counts each rounded down to a whole number, since part of a unit cannot be sold.", plural(len(fractional), "listing"), example)}
}

// buildIndex turns products and variations into stock records:
//   - a product or variation managing its own stock is a record (Ref = its
//     id, ParentRef = the parent for a variation);
//   - a variation whose manage_stock is "parent" is a record that points at
//     the parent's stock (Ref = parent id, no ParentRef, so writes go to the
//     parent); several such SKUs share one quantity, see Push;
//   - items without managed stock or without a SKU are left out;
//   - a SKU held by two different records is a duplicate: reported, left
//     out, never written.
func buildIndex(products []product, variations map[int64][]product) index {
	var out index
	bySKU := map[string][]inventory.StoreItem{}
	var order []string
	untracked := map[string]inventory.StoreItem{}
	fractional := map[string]bool{}
	noteFraction := func(sku string, q stockQty) {
		if q.Fractional {
			fractional[fmt.Sprintf("%s (%g)", strings.TrimSpace(sku), q.Raw)] = true
		}
	}
	skip := func(it inventory.StoreItem) {
		if it.SKU = strings.TrimSpace(it.SKU); it.SKU != "" {
			untracked[it.SKU] = it
		}
	}
	add := func(it inventory.StoreItem) {
		it.SKU = strings.TrimSpace(it.SKU)
		if it.SKU == "" {
			return
		}
		for _, seen := range bySKU[it.SKU] {
			if seen.Ref == it.Ref {
				return
			}
		}
		if _, ok := bySKU[it.SKU]; !ok {
			order = append(order, it.SKU)
		}
		bySKU[it.SKU] = append(bySKU[it.SKU], it)
	}
	ref := func(id int64) string { return strconv.FormatInt(id, 10) }
	for _, p := range products {
		if p.Type == "variation" {
			continue // only reached through a sku search; never here
		}
		switch {
		case p.ManageStock == stockOwn:
			add(inventory.StoreItem{SKU: p.SKU, Name: p.Name, Qty: p.StockQuantity.N, Ref: ref(p.ID)})
			noteFraction(p.SKU, p.StockQuantity)
		case p.Type != "variable" && p.Type != "grouped" && p.Type != "external":
			// A variable product's own SKU without stock is only a
			// heading; grouped and external products have no stock.
			skip(inventory.StoreItem{SKU: p.SKU, Name: p.Name, Ref: ref(p.ID)})
		}
		for _, v := range variations[p.ID] {
			name := v.Name
			if name == "" {
				name = p.Name
			}
			switch v.ManageStock {
			case stockOwn:
				add(inventory.StoreItem{SKU: v.SKU, Name: name, Qty: v.StockQuantity.N, Ref: ref(v.ID), ParentRef: ref(p.ID)})
				noteFraction(v.SKU, v.StockQuantity)
			case stockParent:
				if p.ManageStock == stockOwn {
					add(inventory.StoreItem{SKU: v.SKU, Name: name, Qty: p.StockQuantity.N, Ref: ref(p.ID)})
				} else {
					skip(inventory.StoreItem{SKU: v.SKU, Name: name, Ref: ref(v.ID), ParentRef: ref(p.ID)})
				}
			default:
				skip(inventory.StoreItem{SKU: v.SKU, Name: name, Ref: ref(v.ID), ParentRef: ref(p.ID)})
			}
		}
	}
	for _, sku := range order {
		if recs := bySKU[sku]; len(recs) == 1 {
			out.items = append(out.items, recs[0])
		} else {
			out.duplicates = append(out.duplicates, sku)
		}
	}
	for sku, it := range untracked {
		if _, tracked := bySKU[sku]; !tracked {
			out.notTracked = append(out.notTracked, it)
		}
	}
	for f := range fractional {
		out.fractional = append(out.fractional, f)
	}
	sort.Slice(out.items, func(i, j int) bool { return out.items[i].SKU < out.items[j].SKU })
	sort.Slice(out.notTracked, func(i, j int) bool { return out.notTracked[i].SKU < out.notTracked[j].SKU })
	sort.Strings(out.duplicates)
	return out
}
