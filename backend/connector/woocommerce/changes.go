package woocommerce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/plain"
)

// ChangeOverlap is how far before the last look ChangedSince asks: an
// order or product saved in the same second as the last look, or committed
// just after it was read, is still seen. Seeing a product twice is
// harmless: its stock is read again.
const ChangeOverlap = 10 * time.Minute

// wooDate is how WooCommerce writes *_gmt dates: no zone suffix.
const wooDate = "2006-01-02T15:04:05"

var _ connector.StoreChangeReader = (*Store)(nil)

// ChangedSince finds the listings whose stock may have changed in the
// store since the last look and reads their stock now. A sale does not
// reliably move a product's date_modified (core WooCommerce writes the
// stock with a direct database update; WooCommerce issue #40060), so the
// signal is the orders created or modified since, whose line items name
// the products and variations; products saved since (a hand edit, another
// app) are added. All dates are GMT (dates_are_gmt=true), so the site's
// time zone does not matter. See docs/connectors/woocommerce.md for what
// this cannot see.
func (s *Store) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	if since.IsZero() {
		return connector.StoreChanges{}, errors.New("ask WooCommerce what changed since a time: with no time, read the whole store instead")
	}
	before := s.http.Calls()
	read := &budget{lim: s.limits}
	from := since.Add(-ChangeOverlap).UTC()
	filter := url.Values{"modified_after": {from.Format(wooDate)}, "dates_are_gmt": {"true"}}
	next := since.UTC()

	ids := map[int64]bool{}
	orders, err := s.listOrders(ctx, filter, from, read)
	if err != nil {
		return connector.StoreChanges{}, err
	}
	for _, o := range orders {
		next = later(next, o.Modified.t)
		for _, l := range o.Lines {
			// product_id is the parent of a variation: reading the parent
			// reads all its variations, and so every SKU sharing its stock.
			if l.ProductID > 0 {
				ids[l.ProductID] = true
			}
		}
	}
	saved, err := s.listAll(ctx, "/products", filter, read)
	if err != nil {
		return connector.StoreChanges{}, fmt.Errorf("read the products saved in WooCommerce since %s: %w", from.Format(time.RFC3339), err)
	}
	for _, p := range saved {
		ids[p.ID] = true
		next = later(next, p.ModifiedGMT.t)
	}

	products, variations, err := s.readByID(ctx, ids, read)
	if err != nil {
		return connector.StoreChanges{}, err
	}
	b := buildIndex(products, variations)
	return connector.StoreChanges{
		Items: b.items, NotTracked: b.notTracked, Next: next,
		Notes: s.fractionNote(b.fractional), APICalls: int(s.http.Calls() - before),
	}, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// readByID reads the products with these ids, 100 a call, and all
// variations of the variable ones among them.
func (s *Store) readByID(ctx context.Context, ids map[int64]bool, b *budget) ([]product, map[int64][]product, error) {
	sorted := make([]int64, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var products []product
	variations := map[int64][]product{}
	for start := 0; start < len(sorted); start += PerPage {
		chunk := sorted[start:min(start+PerPage, len(sorted))]
		list := make([]string, len(chunk))
		for i, id := range chunk {
			list[i] = strconv.FormatInt(id, 10)
		}
		ps, vs, err := s.readProducts(ctx, url.Values{"include": {strings.Join(list, ",")}}, b)
		if err != nil {
			return nil, nil, fmt.Errorf("read the stock of the products that changed: %w", err)
		}
		products = append(products, ps...)
		for id, v := range vs {
			variations[id] = v
		}
	}
	return products, variations, nil
}

// gmtTime is a WooCommerce *_gmt date.
type gmtTime struct{ t time.Time }

func (g *gmtTime) UnmarshalJSON(b []byte) error {
	var v *string
	if json.Unmarshal(b, &v) != nil || v == nil || *v == "" {
		*g = gmtTime{}
		return nil
	}
	// An odd date (a plugin's "0000-00-00 00:00:00") is left zero rather
	// than failing the whole page: it only ever moves a cursor forward.
	t, err := time.ParseInLocation(wooDate, strings.TrimSuffix(*v, "Z"), time.UTC)
	if err != nil {
		t = time.Time{}
	}
	*g = gmtTime{t}
	return nil
}

// order is the part of a WooCommerce order that says which stock it moved.
type order struct {
	ID       int64   `json:"id"`
	Modified gmtTime `json:"date_modified_gmt"`
	Lines    []struct {
		ProductID   int64 `json:"product_id"`
		VariationID int64 `json:"variation_id"`
	} `json:"line_items"`
}

// listOrders reads every order modified after from (id order, 100 a page).
// A site too old to filter orders by change time (modified_after came in
// WooCommerce 5.8) ignores the filter and sends old orders: that is
// refused after the first page rather than reading the whole order book.
func (s *Store) listOrders(ctx context.Context, filter url.Values, from time.Time, b *budget) ([]order, error) {
	var all []order
	for n := int64(1); n <= b.lim.Pages; n++ {
		q := url.Values{"per_page": {strconv.Itoa(PerPage)}, "page": {strconv.FormatInt(n, 10)}, "orderby": {"id"}, "order": {"asc"}}
		for k, v := range filter {
			q[k] = v
		}
		resp, body, err := s.do(ctx, http.MethodGet, "/orders", q, nil)
		if err != nil {
			return nil, fmt.Errorf("read the WooCommerce orders changed since %s: %w", from.Format(time.RFC3339), err)
		}
		var page []order
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, plain.Wrap(err, "the WooCommerce site sent an order list ShelfSync cannot read; a plugin or the host may be changing API answers")
		}
		for _, o := range page {
			if !o.Modified.t.IsZero() && o.Modified.t.Before(from) {
				return nil, fmt.Errorf("the WooCommerce site sent order %d, last changed %s, when asked only for orders changed since %s: it cannot filter orders by change time (WooCommerce 5.8 or later can), so sales are found only by a Full Sync; update WooCommerce", o.ID, o.Modified.t.Format(time.RFC3339), from.Format(time.RFC3339))
			}
		}
		if err := b.take(len(page), len(body)); err != nil {
			return nil, err
		}
		all = append(all, page...)
		pages := headerInt(resp.Header.Get("X-WP-TotalPages"))
		done := len(page) < PerPage
		if pages >= 0 {
			done = n >= int64(pages)
		}
		if done || len(page) == 0 {
			return all, nil
		}
	}
	return nil, b.pagesError("/orders")
}
