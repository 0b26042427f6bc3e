package woofake

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Order is a store order as the fake keeps it.
type Order struct {
	ID                int64
	Status            string
	Created, Modified time.Time
	Lines             []OrderLine
}

// OrderLine is one line item: a product, or a variation of ProductID.
type OrderLine struct {
	ProductID   int64
	VariationID int64
	Quantity    int
}

// PlaceOrder is a customer checking out: the order is created (status
// processing) and each line's stock goes down the way core WooCommerce
// does it, with a direct update of the stock that leaves the product's
// date_modified where it was (WooCommerce issue #40060). It returns the
// order id.
func (s *Server) PlaceOrder(lines ...OrderLine) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now().UTC()
	s.nextOrderID++
	o := &Order{ID: s.nextOrderID, Status: "processing", Created: now, Modified: now, Lines: append([]OrderLine(nil), lines...)}
	s.orders = append(s.orders, o)
	for _, l := range lines {
		s.moveStock(l, -l.Quantity)
	}
	return o.ID
}

// CancelOrder cancels an order: its stock comes back (again without
// touching the products' date_modified) and the order is modified now.
func (s *Server) CancelOrder(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.orders {
		if o.ID == id && o.Status != "cancelled" {
			o.Status, o.Modified = "cancelled", s.opts.Now().UTC()
			for _, l := range o.Lines {
				s.moveStock(l, l.Quantity)
			}
		}
	}
}

// moveStock changes the stock that holds a line's units. Callers hold s.mu.
func (s *Server) moveStock(l OrderLine, delta int) {
	holder := s.products[l.ProductID]
	if v, ok := s.products[l.VariationID]; ok && l.VariationID != 0 {
		holder = v
		if !v.ManageStock && v.StockFromParent {
			holder = s.products[v.ParentID]
		}
	}
	if holder == nil || !holder.ManageStock || holder.StockQuantity == nil {
		return // WooCommerce reduces only stock it manages
	}
	q := *holder.StockQuantity + delta
	holder.StockQuantity, holder.StockDecimal = &q, nil
}

// listOrders serves GET /orders with the parameters the sync uses:
// modified_after / modified_before (strictly after / before), dates_are_gmt,
// page, per_page (1-100), orderby id|date|modified and order.
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lq, bad := parseListQuery(withoutProductParams(q), s.queryLocation(q))
	if len(bad) > 0 {
		writeError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): "+strings.Join(sortedKeys(bad), ", "), map[string]any{"params": bad})
		return
	}
	s.mu.Lock()
	var kept []*Order
	for _, o := range s.orders {
		if !lq.modifiedAfter.IsZero() && !o.Modified.After(lq.modifiedAfter) {
			continue
		}
		if !lq.modifiedBefore.IsZero() && !o.Modified.Before(lq.modifiedBefore) {
			continue
		}
		kept = append(kept, o)
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if lq.order == "desc" {
			a, b = b, a
		}
		if lq.orderBy == "modified" && !a.Modified.Equal(b.Modified) {
			return a.Modified.Before(b.Modified)
		}
		return a.ID < b.ID
	})
	total := len(kept)
	pages := (total + lq.perPage - 1) / lq.perPage
	from := min((lq.page-1)*lq.perPage, total)
	to := min(from+lq.perPage, total)
	out := make([]map[string]any, 0, to-from)
	for _, o := range kept[from:to] {
		out = append(out, s.renderOrder(o))
	}
	s.mu.Unlock()
	if !s.opts.OmitPagingHeaders {
		w.Header().Set("X-WP-Total", strconv.Itoa(total))
		w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	}
	writeJSON(w, http.StatusOK, out)
}

// withoutProductParams drops product-only filters an order listing does
// not take, so parseListQuery validates only what orders share.
func withoutProductParams(q url.Values) url.Values {
	c := url.Values{}
	for k, v := range q {
		if k != "sku" && k != "type" && k != "include" {
			c[k] = v
		}
	}
	return c
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// renderOrder is an order as WooCommerce shows it, limited to what the
// sync reads. Callers hold s.mu.
func (s *Server) renderOrder(o *Order) map[string]any {
	lines := make([]map[string]any, 0, len(o.Lines))
	for i, l := range o.Lines {
		sku := ""
		id := l.ProductID
		if l.VariationID != 0 {
			id = l.VariationID
		}
		if p, ok := s.products[id]; ok {
			sku = p.SKU
		}
		lines = append(lines, map[string]any{"id": o.ID*100 + int64(i), "product_id": l.ProductID, "variation_id": l.VariationID, "quantity": l.Quantity, "sku": sku})
	}
	return map[string]any{
		"id":                o.ID,
		"status":            o.Status,
		"date_created":      s.siteTime(o.Created),
		"date_created_gmt":  o.Created.UTC().Format(gmtLayout),
		"date_modified":     s.siteTime(o.Modified),
		"date_modified_gmt": o.Modified.UTC().Format(gmtLayout),
		"line_items":        lines,
	}
}

// siteTime writes t the way WooCommerce writes its unsuffixed dates: in
// the site's time zone, without a zone.
func (s *Server) siteTime(t time.Time) string {
	return t.In(s.location()).Format(gmtLayout)
}

func (s *Server) location() *time.Location {
	if s.opts.SiteLocation != nil {
		return s.opts.SiteLocation
	}
	return time.UTC
}

// queryLocation is the zone a query's dates without a zone are read in:
// GMT with dates_are_gmt=true, else the site's time zone, as WordPress
// does.
func (s *Server) queryLocation(q url.Values) *time.Location {
	if v := strings.ToLower(q.Get("dates_are_gmt")); v == "true" || v == "1" {
		return time.UTC
	}
	return s.location()
}
