// Package woofake is an in-process WooCommerce REST API v3 server for tests:
// products and variations with the stock fields ShelfSync uses, paging with
// X-WP-Total / X-WP-TotalPages / Link, the batch endpoints with their
// 100-item limit and per-item errors, WooCommerce's error objects, and
// injectable faults (429, 5xx, malformed bodies, slow or hanging answers).
//
// Deviation from a real store, on purpose: HTTP Basic auth is accepted over
// plain HTTP (a real store wants OAuth 1.0a there), because the fake only
// listens on 127.0.0.1.
package woofake

import (
	"net/http"
	"net/http/httptest"
	"shelfsync/backend/connector/fakeserver"
	"sort"
	"strings"
	"sync"
	"time"
)

// Base is the REST path prefix every route hangs from.
const Base = "/wp-json/wc/v3"

// Default credentials, used when Options leaves them empty.
const (
	DefaultKey    = "ck_test_key"
	DefaultSecret = "cs_test_secret"
)

// Product is a product or a variation as the fake stores it.
type Product struct {
	ID int64
	// ParentID is the variable product a variation belongs to.
	ParentID int64
	// Type is simple, variable, variation, grouped or external.
	Type   string
	Name   string
	SKU    string
	Status string
	// ManageStock is true when the item counts its own stock.
	ManageStock bool
	// StockFromParent marks a variation whose manage_stock reads "parent".
	StockFromParent bool
	StockQuantity   *int
	// StockDecimal, when set, is a fractional stock a plugin keeps (it
	// makes wc_stock_amount a float); it is what stock_quantity shows.
	StockDecimal *float64
	Modified     time.Time
}

// Options configure a fake store.
type Options struct {
	Key, Secret string
	// ReadOnly makes the key a read-only key: writes are refused.
	ReadOnly bool
	// BatchLimit is the most items a batch call takes; 0 means 100
	// (WooCommerce's default, woocommerce_rest_batch_items_limit).
	BatchLimit int
	// Now is the fake's clock for date_modified; nil means time.Now.
	Now func() time.Time
	// OmitPagingHeaders drops X-WP-Total / X-WP-TotalPages, as some
	// caching proxies and security plugins do.
	OmitPagingHeaders bool
	// SiteLocation is the site's time zone (Settings > General): unsuffixed
	// dates are written in it, and query dates are read in it unless
	// dates_are_gmt=true. nil means UTC.
	SiteLocation *time.Location
}

// Fault is a misbehaviour the next matching requests meet instead of the
// normal answer.
type Fault struct {
	// Method and PathContains select requests; empty matches any. The path
	// is the part after /wp-json/wc/v3, e.g. "/products/batch".
	Method       string
	PathContains string
	// Status is the HTTP status to answer with; with Body set and Status 0
	// the answer is 200.
	Status int
	// Code and Message fill the error object; defaults follow Status.
	Code, Message string
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Body replaces the whole answer body (malformed JSON, an HTML page).
	Body string
	// Delay holds the answer back this long (or until the client leaves).
	Delay time.Duration
	// Hang holds the answer back until the client gives up.
	Hang bool
	// Times is how many requests the fault hits: 0 means once, -1 forever.
	Times int
}

// ItemError is an error the batch endpoint reports for one item.
type ItemError struct {
	Code, Message string
	Status        int
}

// Server is a running fake store.
type Server struct {
	// URL is the site URL, e.g. http://127.0.0.1:41234 (no trailing slash).
	URL string

	srv     *httptest.Server
	opts    Options
	closing chan struct{}
	once    sync.Once

	mu         sync.Mutex
	products   map[int64]*Product
	nextID     int64
	faults     []*Fault
	itemErrors map[int64]ItemError
	// untrackedOnSave are items a plugin turns stock management off for
	// whenever they are saved.
	untrackedOnSave map[int64]bool
	orders          []*Order
	nextOrderID     int64
	reads           int
	writes          int
	itemsWritten    int
	largestBatch    int
	requests        []string
}

// New starts a fake store on 127.0.0.1.
func New(opts Options) *Server {
	if opts.Key == "" {
		opts.Key = DefaultKey
	}
	if opts.Secret == "" {
		opts.Secret = DefaultSecret
	}
	if opts.BatchLimit <= 0 {
		opts.BatchLimit = 100
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:       opts,
		closing:    make(chan struct{}),
		products:   map[int64]*Product{},
		nextID:     100,
		itemErrors: map[int64]ItemError{},

		untrackedOnSave: map[int64]bool{},
		nextOrderID:     5000,
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server, releasing any request held by a Hang fault.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.srv.Close()
}

// Key and Secret are the credentials the fake accepts.
func (s *Server) Key() string    { return s.opts.Key }
func (s *Server) Secret() string { return s.opts.Secret }

// Add stores p and returns its id (assigned when p.ID is 0). A variation
// needs the ParentID of a product added before it.
func (s *Server) Add(p Product) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.ID == 0 {
		s.nextID++
		p.ID = s.nextID
	} else if p.ID > s.nextID {
		s.nextID = p.ID
	}
	if p.Type == "" {
		p.Type = "simple"
		if p.ParentID != 0 {
			p.Type = "variation"
		}
	}
	if p.Status == "" {
		p.Status = "publish"
	}
	if p.Name == "" {
		p.Name = "Product " + p.SKU
	}
	if p.Modified.IsZero() {
		p.Modified = s.opts.Now().UTC()
	}
	if p.StockQuantity != nil {
		q := *p.StockQuantity
		p.StockQuantity = &q
	}
	s.products[p.ID] = &p
	return p.ID
}

// AddSimple adds a simple product that manages its own stock.
func (s *Server) AddSimple(sku string, qty int) int64 {
	return s.Add(Product{Type: "simple", SKU: sku, ManageStock: true, StockQuantity: &qty})
}

// Product returns a copy of the stored product or variation.
func (s *Server) Product(id int64) (Product, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.products[id]
	if !ok {
		return Product{}, false
	}
	c := *p
	if p.StockQuantity != nil {
		q := *p.StockQuantity
		c.StockQuantity = &q
	}
	return c, true
}

// Stock returns an item's stock_quantity; ok is false when it has none.
func (s *Server) Stock(id int64) (qty int, ok bool) {
	p, found := s.Product(id)
	if !found || p.StockQuantity == nil {
		return 0, false
	}
	return *p.StockQuantity, true
}

// SetStock changes a quantity behind the client's back (a hand edit).
func (s *Server) SetStock(id int64, qty int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.products[id]; ok {
		p.StockQuantity = &qty
		p.Modified = s.opts.Now().UTC()
	}
}

// Inject queues a fault; faults are tried in the order injected.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// FailItem makes every batch update of id answer with this item error.
func (s *Server) FailItem(id int64, e ItemError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	s.itemErrors[id] = e
}

// Reads counts GET requests received, faulted ones included.
func (s *Server) Reads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.reads }

// Writes counts POST/PUT/PATCH requests received, faulted ones included.
func (s *Server) Writes() int { s.mu.Lock(); defer s.mu.Unlock(); return s.writes }

// ItemsWritten counts items a write actually changed.
func (s *Server) ItemsWritten() int { s.mu.Lock(); defer s.mu.Unlock(); return s.itemsWritten }

// LargestBatch is the most items one batch call carried.
func (s *Server) LargestBatch() int { s.mu.Lock(); defer s.mu.Unlock(); return s.largestBatch }

// Requests lists "METHOD path?query" of every request, oldest first.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if r.Method == http.MethodGet {
		s.reads++
	} else {
		s.writes++
	}
	s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
	f := s.takeFault(r)
	s.mu.Unlock()

	if f != nil && s.applyFault(w, r, f) {
		return
	}
	if !strings.HasPrefix(r.URL.Path, Base+"/") {
		writeError(w, http.StatusNotFound, "rest_no_route", "No route was found matching the URL and request method.", nil)
		return
	}
	if !s.authorized(w, r) {
		return
	}
	s.route(w, r, strings.TrimPrefix(r.URL.Path, Base))
}

// takeFault returns the first fault matching r and uses it up. Callers
// hold s.mu.
func (s *Server) takeFault(r *http.Request) *Fault {
	path := strings.TrimPrefix(r.URL.Path, Base)
	f, ok := fakeserver.TakeFault(&s.faults, func(f *Fault) bool {
		return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
			(f.PathContains == "" || strings.Contains(path, f.PathContains))
	}, func(f *Fault) *int { return &f.Times })
	if !ok {
		return nil
	}
	return &f
}

// applyFault answers r as f says; false means "carry on normally" (a pure
// delay).
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	if fakeserver.Stall(r, s.closing, f.Hang, f.Delay) {
		return true
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.Body != "":
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body)) // a fake: the client under test sees a failed write
		return true
	case f.Status != 0:
		code, msg := f.Code, f.Message
		if code == "" {
			code, msg = defaultError(f.Status)
		}
		writeError(w, f.Status, code, msg, nil)
		return true
	}
	return false
}

func defaultError(status int) (code, message string) {
	switch {
	case status == http.StatusTooManyRequests:
		return "too_many_requests", "Too many requests. Please slow down."
	case status >= 500:
		return "internal_server_error", "There has been a critical error on this website."
	case status == http.StatusUnauthorized:
		return "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
	}
	return "fake_error", http.StatusText(status)
}

// authorized checks HTTP Basic auth or the consumer_key/consumer_secret
// query parameters, answering the way WooCommerce does when they fail.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	key, secret, ok := r.BasicAuth()
	if !ok {
		key, secret = r.URL.Query().Get("consumer_key"), r.URL.Query().Get("consumer_secret")
	}
	write := r.Method != http.MethodGet
	switch {
	case key == "" && secret == "":
		if write {
			writeError(w, http.StatusUnauthorized, "woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.", nil)
		} else {
			writeError(w, http.StatusUnauthorized, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", nil)
		}
		return false
	case key != s.opts.Key:
		writeError(w, http.StatusUnauthorized, "woocommerce_rest_authentication_error", "Consumer key is invalid.", nil)
		return false
	case secret != s.opts.Secret:
		writeError(w, http.StatusUnauthorized, "woocommerce_rest_authentication_error", "Consumer secret is invalid.", nil)
		return false
	case write && s.opts.ReadOnly:
		writeError(w, http.StatusUnauthorized, "woocommerce_rest_authentication_error", "The API key provided does not have write permissions.", nil)
		return false
	}
	return true
}

// sortedIDs returns ids of stored items passing keep, in ascending order.
// Callers hold s.mu.
func (s *Server) sortedIDs(keep func(*Product) bool) []int64 {
	var ids []int64
	for id, p := range s.products {
		if keep(p) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
