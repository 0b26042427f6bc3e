// Package shipbobfake is an in-process ShipBob API server for tests: the
// dated inventory-level listing (2025-07, 2026-01 and 2026-07 by default;
// retired versions answer 404) and its per-fulfillment-center twin
// (inventory-level/locations), both with URL-style next/prev links, the
// location list (/location), items: null for an account with no inventory, Bearer-token checks answered with RFC 7807 ProblemDetails, the
// 150-requests-a-minute sliding window answered with 429 plus x-retry-after
// and x-remaining-calls, and injectable faults (5xx, malformed bodies,
// slow or hanging answers). Its clock is injectable so rate-limit tests
// never sleep.
package shipbobfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"shelfsync/backend/connector/fakeserver"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultToken is the token the fake accepts when Options leaves it empty.
const DefaultToken = "pat_test_token"

// Item is one inventory record with its totals.
type Item struct {
	InventoryID int64
	Name        string
	SKU         string
	Fulfillable int
	OnHand      int
	Committed   int
	Sellable    int
	Awaiting    int
	Backordered int
	// Facilities is the item's stock at each fulfillment center, as
	// inventory-level/locations lists it; the totals above are set apart
	// (ShipBob's network figures, sellable among them, exist only there).
	Facilities []Stock
}

// Stock is an item's quantities at one fulfillment center.
type Stock struct {
	LocationID  int64
	Fulfillable int
	OnHand      int
	Committed   int
	Awaiting    int
}

// Location is one entry of the location list.
type Location struct {
	ID           int64
	Name         string
	Abbreviation string
	// AccessGranted is whether the account may use the location; Inactive
	// leaves it out unless IncludeInactive=true is asked.
	AccessGranted bool
	Inactive      bool
}

// Options configure the fake.
type Options struct {
	Token string
	Items []Item
	// Locations is what GET /location lists.
	Locations []Location
	// Now is the clock of the rate limiter; nil means time.Now.
	Now func() time.Time
	// Limit requests per Window per token; 0 means 150 a minute.
	Limit  int
	Window time.Duration
	// MaxPageSize is the largest PageSize accepted; 0 means 250.
	MaxPageSize int
	// DefaultPageSize is used when PageSize is absent; 0 means 50.
	DefaultPageSize int
	// Versions are the dated API versions served; nil means 2025-07,
	// 2026-01 and 2026-07.
	Versions []string
	// Retired are versions ShipBob no longer serves: their paths answer
	// 404 with a ProblemDetails body, as any unknown route does.
	Retired []string
}

// Fault is a misbehaviour the next matching requests meet.
type Fault struct {
	// PathContains selects requests; empty matches any.
	PathContains string
	// Status is the HTTP status; with Body set and Status 0 it is 200.
	Status int
	// RetryAfter, when set, is sent as x-retry-after (seconds).
	RetryAfter string
	// Body replaces the answer body.
	Body string
	// Delay holds the answer back; Hang holds it until the client leaves.
	Delay time.Duration
	Hang  bool
	// Times is how many requests the fault hits: 0 means once, -1 forever.
	Times int
}

// Server is a running fake.
type Server struct {
	// URL is the base address, e.g. http://127.0.0.1:41234.
	URL string

	srv     *httptest.Server
	opts    Options
	closing chan struct{}
	once    sync.Once

	mu        sync.Mutex
	items     []Item
	faults    []*Fault
	sent      map[string][]time.Time
	reads     int
	throttled int
	requests  []string
}

// New starts the fake on 127.0.0.1.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Limit <= 0 {
		opts.Limit = 150
	}
	if opts.Window <= 0 {
		opts.Window = time.Minute
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 250
	}
	if opts.DefaultPageSize <= 0 {
		opts.DefaultPageSize = 50
	}
	if opts.Versions == nil {
		opts.Versions = []string{"2025-07", "2026-01", "2026-07"}
	}
	s := &Server{opts: opts, closing: make(chan struct{}), sent: map[string][]time.Time{}}
	s.items = append(s.items, opts.Items...)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server, releasing requests held by a Hang fault.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.srv.Close()
}

// Token is the token the fake accepts.
func (s *Server) Token() string { return s.opts.Token }

// Add appends an item; its InventoryID is assigned when 0.
func (s *Server) Add(it Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if it.InventoryID == 0 {
		it.InventoryID = int64(len(s.items) + 1000)
	}
	s.items = append(s.items, it)
}

// SetFulfillable changes the fulfillable quantity of every item with sku.
func (s *Server) SetFulfillable(sku string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.items {
		if s.items[i].SKU == sku {
			s.items[i].Fulfillable = n
		}
	}
}

// SetSellable changes the sellable quantity (fulfillable minus exception
// orders) of every item with sku.
func (s *Server) SetSellable(sku string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.items {
		if s.items[i].SKU == sku {
			s.items[i].Sellable = n
		}
	}
}

// SetFacilityFulfillable sets the fulfillable quantity of sku at a
// fulfillment center and moves the item's fulfillable and sellable totals
// by the same amount, as stock arriving or leaving there would (the units
// held by exception orders stay).
func (s *Server) SetFacilityFulfillable(sku string, locationID int64, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.items {
		it := &s.items[i]
		if it.SKU != sku {
			continue
		}
		at := slices.IndexFunc(it.Facilities, func(f Stock) bool { return f.LocationID == locationID })
		if at < 0 {
			it.Facilities = append(it.Facilities, Stock{LocationID: locationID})
			at = len(it.Facilities) - 1
		}
		d := n - it.Facilities[at].Fulfillable
		it.Facilities[at].Fulfillable = n
		it.Facilities[at].OnHand += d
		it.Fulfillable += d
		it.Sellable += d
		it.OnHand += d
	}
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// Reads counts requests received, refused ones included.
func (s *Server) Reads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.reads }

// Throttled counts 429 answers the rate limiter gave.
func (s *Server) Throttled() int { s.mu.Lock(); defer s.mu.Unlock(); return s.throttled }

// Requests lists "METHOD path?query" of every request, oldest first.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// route is a dated path the fake answers: the inventory levels, the same
// grouped by fulfillment center, or the location list.
var route = regexp.MustCompile(`^/(\d{4}-\d{2})/(inventory-level|inventory-level/locations|location)/?$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reads++
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	f := s.takeFault(r)
	s.mu.Unlock()
	if f != nil && s.applyFault(w, r, f) {
		return
	}

	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token != s.opts.Token {
		writeProblem(w, http.StatusUnauthorized, "Unauthorized", "The access token is missing, expired or invalid.", r.URL.Path)
		return
	}
	if s.limited(w, token) {
		return
	}
	m := route.FindStringSubmatch(r.URL.Path)
	if m == nil || r.Method != http.MethodGet {
		writeProblem(w, http.StatusNotFound, "Not Found", "No such endpoint in the fake.", r.URL.Path)
		return
	}
	if slices.Contains(s.opts.Retired, m[1]) || !slices.Contains(s.opts.Versions, m[1]) {
		writeProblem(w, http.StatusNotFound, "Not Found", "Unknown API version "+m[1]+".", r.URL.Path)
		return
	}
	switch m[2] {
	case "location":
		s.locations(w, r)
	case "inventory-level/locations":
		s.page(w, r, s.renderByFacility)
	default:
		s.page(w, r, render)
	}
}

// locations answers GET /location: a plain list, not paged, active
// locations only unless IncludeInactive=true; AccessGranted=true keeps the
// ones the account may use.
func (s *Server) locations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	out := []map[string]any{}
	for _, l := range s.opts.Locations {
		if l.Inactive && q.Get("IncludeInactive") != "true" || !l.AccessGranted && q.Get("AccessGranted") == "true" {
			continue
		}
		out = append(out, map[string]any{
			"id": l.ID, "name": l.Name, "abbreviation": l.Abbreviation, "access_granted": l.AccessGranted,
			"is_active": !l.Inactive, "is_receiving_enabled": true, "is_shipping_enabled": true, "attributes": []string{},
			"region": map[string]any{"id": 1, "name": "US"}, "services": []any{}, "timezone": "Central Standard Time",
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// renderByFacility is inventory-level/locations' item: its quantities at
// each fulfillment center holding it, locations null when none does.
func (s *Server) renderByFacility(items []Item) any {
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		var at any
		if len(it.Facilities) > 0 {
			list := make([]map[string]any, 0, len(it.Facilities))
			for _, f := range it.Facilities {
				name := ""
				if i := slices.IndexFunc(s.opts.Locations, func(l Location) bool { return l.ID == f.LocationID }); i >= 0 {
					name = s.opts.Locations[i].Name
				}
				list = append(list, map[string]any{
					"location_id": f.LocationID, "name": name, "fulfillable_quantity": f.Fulfillable, "on_hand_quantity": f.OnHand,
					"committed_quantity": f.Committed, "awaiting_quantity": f.Awaiting, "internal_transfer_quantity": 0,
				})
			}
			at = list
		}
		out = append(out, map[string]any{"inventory_id": it.InventoryID, "sku": it.SKU, "name": it.Name, "locations": at})
	}
	return out
}

// limited applies the sliding-window limit; true means it answered 429.
func (s *Server) limited(w http.ResponseWriter, token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	log := s.sent[token]
	cut := 0
	for cut < len(log) && !log[cut].After(now.Add(-s.opts.Window)) {
		cut++
	}
	log = log[cut:]
	if len(log) >= s.opts.Limit {
		s.sent[token] = log
		s.throttled++
		wait := int(math.Ceil(log[0].Add(s.opts.Window).Sub(now).Seconds()))
		wait = max(wait, 1)
		w.Header().Set("x-retry-after", strconv.Itoa(wait))
		w.Header().Set("x-remaining-calls", "0")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"statusCode": 429,
			"message":    fmt.Sprintf("Rate limit is exceeded. Try again in %d seconds.", wait),
		})
		return true
	}
	s.sent[token] = append(log, now)
	w.Header().Set("x-remaining-calls", strconv.Itoa(s.opts.Limit-len(log)-1))
	return false
}

// page answers one page of a paged inventory listing, each item drawn by
// draw.
func (s *Server) page(w http.ResponseWriter, r *http.Request, draw func([]Item) any) {
	q := r.URL.Query()
	size := s.opts.DefaultPageSize
	if v := q.Get("PageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > s.opts.MaxPageSize {
			writeProblem(w, http.StatusBadRequest, "Bad Request", fmt.Sprintf("PageSize must be between 1 and %d.", s.opts.MaxPageSize), r.URL.Path)
			return
		}
		size = n
	}
	offset := 0
	if c := q.Get("Cursor"); c != "" {
		n, ok := decodeCursor(c)
		if !ok {
			writeProblem(w, http.StatusBadRequest, "Bad Request", "The cursor is invalid.", r.URL.Path)
			return
		}
		offset = n
	}
	s.mu.Lock()
	items := append([]Item(nil), s.items...)
	for i := range items {
		items[i].Facilities = slices.Clone(items[i].Facilities)
	}
	s.mu.Unlock()
	if v := q.Get("LocationId"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeProblem(w, http.StatusBadRequest, "Bad Request", "LocationId must be a number.", r.URL.Path)
			return
		}
		for i := range items {
			items[i].Facilities = slices.DeleteFunc(items[i].Facilities, func(f Stock) bool { return f.LocationID != id })
		}
	}
	if search := strings.ToLower(q.Get("SearchBy")); search != "" {
		kept := items[:0]
		for _, it := range items {
			if strings.Contains(strings.ToLower(it.SKU), search) || strings.Contains(strings.ToLower(it.Name), search) || strconv.FormatInt(it.InventoryID, 10) == search {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].InventoryID < items[j].InventoryID })
	offset = min(offset, len(items))
	end := min(offset+size, len(items))

	link := func(off int) *string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		v := url.Values{}
		v.Set("PageSize", strconv.Itoa(size))
		if off > 0 {
			v.Set("Cursor", encodeCursor(off))
		}
		for _, keep := range []string{"SearchBy", "LocationId"} {
			if x := q.Get(keep); x != "" {
				v.Set(keep, x)
			}
		}
		u.RawQuery = v.Encode()
		str := u.String()
		return &str
	}
	// An account with no inventory at all answers items: null, not [].
	var page any = draw(items[offset:end])
	if len(items) == 0 {
		page = nil
	}
	out := map[string]any{"items": page, "first": link(0), "last": nil, "next": nil, "prev": nil}
	if len(items) > 0 {
		out["last"] = link((len(items) - 1) / size * size)
	}
	if end < len(items) {
		out["next"] = link(end)
	}
	if offset > 0 {
		out["prev"] = link(max(offset-size, 0))
	}
	writeJSON(w, http.StatusOK, out)
}

func render(items []Item) any {
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		out = append(out, map[string]any{
			"inventory_id":                     it.InventoryID,
			"name":                             it.Name,
			"sku":                              it.SKU,
			"total_fulfillable_quantity":       it.Fulfillable,
			"total_on_hand_quantity":           it.OnHand,
			"total_committed_quantity":         it.Committed,
			"total_sellable_quantity":          it.Sellable,
			"total_awaiting_quantity":          it.Awaiting,
			"total_backordered_quantity":       it.Backordered,
			"total_exception_quantity":         0,
			"total_internal_transfer_quantity": 0,
		})
	}
	return out
}

// Cursors are opaque to clients; the fake encodes an offset.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(`{"offset":` + strconv.Itoa(offset) + `}`))
}

func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	var v struct {
		Offset *int `json:"offset"`
	}
	if json.Unmarshal(b, &v) != nil || v.Offset == nil || *v.Offset < 0 {
		return 0, false
	}
	return *v.Offset, true
}

// takeFault returns the first matching fault and uses it up. Callers hold
// s.mu.
func (s *Server) takeFault(r *http.Request) *Fault {
	f, ok := fakeserver.TakeFault(&s.faults,
		func(f *Fault) bool { return f.PathContains == "" || strings.Contains(r.URL.Path, f.PathContains) },
		func(f *Fault) *int { return &f.Times })
	if !ok {
		return nil
	}
	return &f
}

func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	if fakeserver.Stall(r, s.closing, f.Hang, f.Delay) {
		return true
	}
	if f.RetryAfter != "" {
		w.Header().Set("x-retry-after", f.RetryAfter)
	}
	switch {
	case f.Body != "":
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body)) // a fake: the client under test sees a failed write
		return true
	case f.Status == http.StatusTooManyRequests:
		writeJSON(w, f.Status, map[string]any{"statusCode": 429, "message": "Rate limit is exceeded. Try again in " + f.RetryAfter + " seconds."})
		return true
	case f.Status != 0:
		writeProblem(w, f.Status, http.StatusText(f.Status), "Injected fault.", r.URL.Path)
		return true
	}
	return false
}

// writeProblem writes an RFC 7807 ProblemDetails body.
func writeProblem(w http.ResponseWriter, status int, title, detail, instance string) {
	b, _ := json.Marshal(map[string]any{ // strings and a number cannot fail to encode
		"type":     "https://tools.ietf.org/html/rfc7231#section-6",
		"title":    title,
		"status":   status,
		"detail":   detail,
		"instance": instance,
	})
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_, _ = w.Write(b) // a fake: the client under test sees a failed write
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b) // a fake: the client under test sees a failed write
}
