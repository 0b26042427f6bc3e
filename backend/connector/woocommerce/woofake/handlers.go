package woofake

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// gmtLayout is how WooCommerce writes date_modified(_gmt): no zone suffix.
const gmtLayout = "2006-01-02T15:04:05"

func (s *Server) route(w http.ResponseWriter, r *http.Request, path string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	isWrite := r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch
	switch {
	case len(parts) == 1 && parts[0] == "products" && r.Method == http.MethodGet:
		s.list(w, r, 0)
	case len(parts) == 1 && parts[0] == "orders" && r.Method == http.MethodGet:
		s.listOrders(w, r)
	case len(parts) == 2 && parts[0] == "products" && parts[1] == "batch" && r.Method == http.MethodPost:
		s.batch(w, r, 0)
	case len(parts) == 2 && parts[0] == "products" && isWrite:
		if id, ok := parseID(parts[1]); ok {
			s.updateOne(w, r, 0, id)
			return
		}
		noRoute(w)
	case len(parts) == 2 && parts[0] == "products" && r.Method == http.MethodGet:
		if id, ok := parseID(parts[1]); ok {
			s.getOne(w, 0, id)
			return
		}
		noRoute(w)
	case len(parts) >= 3 && parts[0] == "products" && parts[2] == "variations":
		pid, ok := parseID(parts[1])
		if !ok {
			noRoute(w)
			return
		}
		switch {
		case len(parts) == 3 && r.Method == http.MethodGet:
			s.list(w, r, pid)
		case len(parts) == 4 && parts[3] == "batch" && r.Method == http.MethodPost:
			s.batch(w, r, pid)
		case len(parts) == 4 && isWrite:
			if id, ok := parseID(parts[3]); ok {
				s.updateOne(w, r, pid, id)
				return
			}
			noRoute(w)
		case len(parts) == 4 && r.Method == http.MethodGet:
			if id, ok := parseID(parts[3]); ok {
				s.getOne(w, pid, id)
				return
			}
			noRoute(w)
		default:
			noRoute(w)
		}
	default:
		noRoute(w)
	}
}

func noRoute(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
}

func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// list serves /products (parent 0) and /products/{parent}/variations.
func (s *Server) list(w http.ResponseWriter, r *http.Request, parent int64) {
	lq, bad := parseListQuery(r.URL.Query(), s.queryLocation(r.URL.Query()))
	if len(bad) > 0 {
		names := make([]string, 0, len(bad))
		for k := range bad {
			names = append(names, k)
		}
		sort.Strings(names)
		writeError(w, http.StatusBadRequest, "rest_invalid_param", "Invalid parameter(s): "+strings.Join(names, ", "), map[string]any{"params": bad})
		return
	}
	s.mu.Lock()
	if parent != 0 {
		if p, ok := s.products[parent]; !ok || p.Type == "variation" {
			s.mu.Unlock()
			writeError(w, http.StatusNotFound, "woocommerce_rest_product_invalid_id", "Invalid ID.", nil)
			return
		}
	}
	ids := s.sortedIDs(func(p *Product) bool {
		if parent != 0 {
			if p.ParentID != parent {
				return false
			}
		} else if p.Type == "variation" && lq.skus == nil {
			// Variations show up in /products only through a sku search.
			return false
		}
		if lq.skus != nil && !lq.skus[p.SKU] {
			return false
		}
		if lq.include != nil && !lq.include[p.ID] {
			return false
		}
		if lq.typ != "" && p.Type != lq.typ {
			return false
		}
		if lq.status != "any" && p.Status != lq.status {
			return false
		}
		if !lq.modifiedAfter.IsZero() && !p.Modified.After(lq.modifiedAfter) {
			return false
		}
		if !lq.modifiedBefore.IsZero() && !p.Modified.Before(lq.modifiedBefore) {
			return false
		}
		return true
	})
	s.order(ids, lq)
	total := len(ids)
	pages := (total + lq.perPage - 1) / lq.perPage
	from := min((lq.page-1)*lq.perPage, total)
	to := min(from+lq.perPage, total)
	out := make([]map[string]any, 0, to-from)
	for _, id := range ids[from:to] {
		out = append(out, s.render(s.products[id]))
	}
	s.mu.Unlock()

	if !s.opts.OmitPagingHeaders {
		w.Header().Set("X-WP-Total", strconv.Itoa(total))
		w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	}
	if links := pageLinks(r, lq.page, pages); links != "" {
		w.Header().Set("Link", links)
	}
	writeJSON(w, http.StatusOK, out)
}

// order sorts ids as the query asks. Callers hold s.mu.
func (s *Server) order(ids []int64, lq listQuery) {
	less := func(a, b int64) bool { return a < b } // id and date: ids grow with creation
	switch lq.orderBy {
	case "modified":
		less = func(a, b int64) bool {
			ma, mb := s.products[a].Modified, s.products[b].Modified
			if ma.Equal(mb) {
				return a < b
			}
			return ma.Before(mb)
		}
	case "title":
		less = func(a, b int64) bool {
			na, nb := s.products[a].Name, s.products[b].Name
			if na == nb {
				return a < b
			}
			return na < nb
		}
	}
	sort.SliceStable(ids, func(i, j int) bool {
		if lq.order == "desc" {
			return less(ids[j], ids[i])
		}
		return less(ids[i], ids[j])
	})
}

func pageLinks(r *http.Request, page, pages int) string {
	link := func(n int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		q := r.URL.Query()
		q.Del("consumer_key")
		q.Del("consumer_secret")
		q.Set("page", strconv.Itoa(n))
		u.RawQuery = q.Encode()
		return fmt.Sprintf("<%s>; rel=\"%s\"", u.String(), rel)
	}
	var l []string
	if page > 1 && page <= pages+1 {
		l = append(l, link(page-1, "prev"))
	}
	if page < pages {
		l = append(l, link(page+1, "next"))
	}
	return strings.Join(l, ", ")
}

func (s *Server) getOne(w http.ResponseWriter, parent, id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.products[id]
	if !ok || p.ParentID != parent {
		writeError(w, http.StatusNotFound, invalidIDCode(parent), "Invalid ID.", nil)
		return
	}
	writeJSON(w, http.StatusOK, s.render(p))
}

func invalidIDCode(parent int64) string {
	if parent != 0 {
		return "woocommerce_rest_product_variation_invalid_id"
	}
	return "woocommerce_rest_product_invalid_id"
}

// render is a product as WooCommerce shows it, limited to the fields that
// matter for stock plus a few that real answers always carry. Callers hold
// s.mu.
func (s *Server) render(p *Product) map[string]any {
	m := map[string]any{
		"id":                p.ID,
		"name":              p.Name,
		"type":              p.Type,
		"status":            p.Status,
		"sku":               p.SKU,
		"parent_id":         p.ParentID,
		"manage_stock":      p.ManageStock,
		"stock_quantity":    nil,
		"stock_status":      "instock",
		"backorders":        "no",
		"price":             "",
		"date_modified":     s.siteTime(p.Modified),
		"date_modified_gmt": p.Modified.UTC().Format(gmtLayout),
		"variations":        []int64{},
	}
	if p.StockFromParent && !p.ManageStock {
		m["manage_stock"] = "parent"
	}
	if p.StockDecimal != nil {
		m["stock_quantity"] = *p.StockDecimal
	} else if p.StockQuantity != nil {
		m["stock_quantity"] = *p.StockQuantity
		if (p.ManageStock || p.StockFromParent) && *p.StockQuantity <= 0 {
			m["stock_status"] = "outofstock"
		}
	}
	if p.StockFromParent && !p.ManageStock {
		// WooCommerce shows the parent's quantity on such variations.
		if parent, ok := s.products[p.ParentID]; ok && parent.StockQuantity != nil {
			m["stock_quantity"] = *parent.StockQuantity
		}
	}
	if p.Type == "variable" {
		m["variations"] = s.sortedIDs(func(v *Product) bool { return v.ParentID == p.ID })
	}
	return m
}

// batchRequest is the body of POST .../batch.
type batchRequest struct {
	Create []json.RawMessage `json:"create"`
	Update []json.RawMessage `json:"update"`
	Delete []json.RawMessage `json:"delete"`
}

// stockUpdate is the part of an update the fake applies.
type stockUpdate struct {
	ID            json.Number     `json:"id"`
	ManageStock   json.RawMessage `json:"manage_stock"`
	StockQuantity json.RawMessage `json:"stock_quantity"`
}

func (s *Server) batch(w http.ResponseWriter, r *http.Request, parent int64) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	var req batchRequest
	if err != nil || json.Unmarshal(body, &req) != nil {
		writeError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
		return
	}
	n := len(req.Create) + len(req.Update) + len(req.Delete)
	if n > s.opts.BatchLimit {
		writeError(w, http.StatusRequestEntityTooLarge, "woocommerce_rest_request_entity_too_large",
			fmt.Sprintf("Unable to accept more than %d items for this request.", s.opts.BatchLimit), nil)
		return
	}
	s.mu.Lock()
	s.largestBatch = max(s.largestBatch, n)
	s.mu.Unlock()

	out := map[string]any{}
	if req.Create != nil {
		items := make([]any, len(req.Create))
		for i := range req.Create {
			items[i] = itemError(0, ItemError{Code: "woofake_unsupported", Message: "The fake store does not create products.", Status: 400})
		}
		out["create"] = items
	}
	if req.Update != nil {
		items := make([]any, len(req.Update))
		for i, raw := range req.Update {
			items[i] = s.applyUpdate(parent, raw)
		}
		out["update"] = items
	}
	if req.Delete != nil {
		items := make([]any, len(req.Delete))
		for i := range req.Delete {
			items[i] = itemError(0, ItemError{Code: "woofake_unsupported", Message: "The fake store does not delete products.", Status: 400})
		}
		out["delete"] = items
	}
	writeJSON(w, http.StatusOK, out)
}

// updateOne serves PUT /products/{id} and PUT /products/{p}/variations/{id}.
func (s *Server) updateOne(w http.ResponseWriter, r *http.Request, parent, id int64) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var fields map[string]json.RawMessage
	if err != nil || json.Unmarshal(body, &fields) != nil {
		writeError(w, http.StatusBadRequest, "rest_invalid_json", "Invalid JSON body passed.", nil)
		return
	}
	fields["id"] = json.RawMessage(strconv.FormatInt(id, 10))
	raw, _ := json.Marshal(fields) // cannot fail: fields was decoded from JSON
	res := s.applyUpdate(parent, raw)
	if e, ok := res.(map[string]any)["error"].(map[string]any); ok {
		status := e["data"].(map[string]any)["status"].(int)
		writeError(w, status, e["code"].(string), e["message"].(string), nil)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// applyUpdate applies one update item and returns the saved item or its
// {id, error} object.
func (s *Server) applyUpdate(parent int64, raw json.RawMessage) any {
	var u stockUpdate
	if err := json.Unmarshal(raw, &u); err != nil {
		return itemError(0, ItemError{Code: "rest_invalid_param", Message: "Invalid parameter(s): id", Status: 400})
	}
	id, err := u.ID.Int64()
	if err != nil || id <= 0 {
		return itemError(0, ItemError{Code: invalidIDCode(parent), Message: "Invalid ID.", Status: 400})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.products[id]
	if !ok || p.ParentID != parent || (parent == 0 && p.Type == "variation") {
		return itemError(id, ItemError{Code: invalidIDCode(parent), Message: "Invalid ID.", Status: 400})
	}
	if e, ok := s.itemErrors[id]; ok {
		return itemError(id, e)
	}
	if len(u.ManageStock) > 0 {
		switch strings.TrimSpace(string(u.ManageStock)) {
		case "true":
			p.ManageStock, p.StockFromParent = true, false
		case "false", `"parent"`:
			// WooCommerce maps "parent" to false on write.
			p.ManageStock = false
		default:
			return itemError(id, ItemError{Code: "rest_invalid_param", Message: "Invalid parameter(s): manage_stock", Status: 400})
		}
	}
	if s.untrackedOnSave[id] {
		p.ManageStock = false // a plugin switches stock management off on save
	}
	if len(u.StockQuantity) > 0 && p.ManageStock {
		q, ok := parseQty(u.StockQuantity)
		if !ok {
			return itemError(id, ItemError{Code: "rest_invalid_param", Message: "Invalid parameter(s): stock_quantity", Status: 400})
		}
		p.StockQuantity, p.StockDecimal = q, nil
	}
	if !p.ManageStock {
		// WooCommerce ignores stock_quantity on an item that does not
		// manage stock and clears it: the answer says null.
		p.StockQuantity, p.StockDecimal = nil, nil
	}
	p.Modified = s.opts.Now().UTC()
	s.itemsWritten++
	return s.render(p)
}

func parseQty(raw json.RawMessage) (*int, bool) {
	v := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if v == "null" {
		return nil, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.Abs(f) > math.MaxInt32 {
		return nil, false
	}
	n := int(f)
	return &n, true
}

func itemError(id int64, e ItemError) map[string]any {
	return map[string]any{
		"id": id,
		"error": map[string]any{
			"code":    e.Code,
			"message": e.Message,
			"data":    map[string]any{"status": e.Status},
		},
	}
}

// writeError writes WooCommerce's error object {code, message, data}.
func writeError(w http.ResponseWriter, status int, code, message string, extra map[string]any) {
	data := map[string]any{"status": status}
	for k, v := range extra {
		data[k] = v
	}
	writeJSON(w, status, map[string]any{"code": code, "message": message, "data": data})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b) // a fake: the client under test sees a failed write
}
