package woocommerce

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"shelfsync/backend/connector"
)

// stockMode is what a product's or variation's manage_stock says.
type stockMode int

const (
	// stockUntracked: WooCommerce does not count this item's stock.
	stockUntracked stockMode = iota
	// stockOwn: the item keeps its own stock_quantity.
	stockOwn
	// stockParent: a variation whose stock lives on its parent product
	// (manage_stock is the string "parent").
	stockParent
)

// UnmarshalJSON accepts the shapes WooCommerce sends: a bool, null, the
// string "parent" for variations, and the "yes"/"no" strings some older
// plugins echo back.
func (m *stockMode) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "true":
		*m = stockOwn
		return nil
	case "false", "null":
		*m = stockUntracked
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("manage_stock is neither a boolean nor a string: %s", truncate(b, 40))
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "parent":
		*m = stockParent
	case "true", "yes", "1":
		*m = stockOwn
	case "false", "no", "0", "":
		*m = stockUntracked
	default:
		return fmt.Errorf("manage_stock has the unknown value %q", s)
	}
	return nil
}

// stockQty is a stock_quantity: null when stock is not managed, normally an
// integer, but some plugins send numeric strings, or decimals (they filter
// wc_stock_amount, which is intval by default, into a float). A fraction is
// rounded down: 2.5 mugs can sell 2, and -0.5 is one oversold unit.
type stockQty struct {
	Known bool
	N     int
	// Fractional is set when the store sent a fraction; Raw is what it sent.
	Fractional bool
	Raw        float64
}

func (q *stockQty) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*q = stockQty{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("stock_quantity is not a number: %s", truncate(b, 40))
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*q = stockQty{}
			return nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > math.MaxInt32 || n < math.MinInt32 {
			return fmt.Errorf("stock_quantity %s is beyond any stock ShelfSync can hold (2,147,483,647)", truncate(b, 40))
		}
		*q = stockQty{Known: true, N: int(n)}
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt32 {
		return fmt.Errorf("stock_quantity is not a usable number: %s", truncate(b, 40))
	}
	*q = stockQty{Known: true, N: int(math.Floor(f)), Fractional: f != math.Floor(f), Raw: f}
	return nil
}

// product is the part of a WooCommerce product or variation the sync needs.
type product struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	SKU           string    `json:"sku"`
	Type          string    `json:"type"`
	ParentID      int64     `json:"parent_id"`
	ManageStock   stockMode `json:"manage_stock"`
	StockQuantity stockQty  `json:"stock_quantity"`
	Variations    []int64   `json:"variations"`
	ModifiedGMT   gmtTime   `json:"date_modified_gmt"`
}

// decodeProducts reads a /products or /variations page: a bare JSON array.
func decodeProducts(body []byte) ([]product, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '[' {
		return nil, fmt.Errorf("expected a JSON list of products, got %s", describeBody(body))
	}
	var ps []product
	if err := json.Unmarshal(body, &ps); err != nil {
		return nil, fmt.Errorf("the product list is not valid JSON: %w", err)
	}
	for i, p := range ps {
		if p.ID <= 0 {
			return nil, fmt.Errorf("product %d of the page has no id", i+1)
		}
	}
	return ps, nil
}

// apiError is WooCommerce's (and WordPress's) error object:
// {code, message, data:{status}}.
type apiError struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// Status is data.status, 0 when absent or not a number.
func (e apiError) Status() int {
	var d struct {
		Status json.Number `json:"status"`
	}
	if len(e.Data) == 0 || json.Unmarshal(e.Data, &d) != nil {
		return 0
	}
	n, err := d.Status.Int64()
	if err != nil {
		return 0
	}
	return int(n)
}

// Text is the error in words for a run's history.
func (e apiError) Text() string {
	msg := strings.TrimSpace(stripTags(e.Message))
	switch {
	case msg != "" && e.Code != "":
		return fmt.Sprintf("%s (%s)", msg, e.Code)
	case msg != "":
		return msg
	case e.Code != "":
		return e.Code
	}
	return "unknown error"
}

// decodeError reads an error body; ok is false when it is not one.
func decodeError(body []byte) (apiError, bool) {
	var e apiError
	if err := json.Unmarshal(bytes.TrimSpace(body), &e); err != nil {
		return apiError{}, false
	}
	if e.Code == "" && e.Message == "" {
		return apiError{}, false
	}
	return e, true
}

// batchItem is one entry of a batch response's "update" array: either the
// saved product/variation or {id, error}.
type batchItem struct {
	ID            int64     `json:"id"`
	SKU           string    `json:"sku"`
	ManageStock   stockMode `json:"manage_stock"`
	StockQuantity stockQty  `json:"stock_quantity"`
	Error         *apiError `json:"error"`
}

// decodeBatch reads the answer to POST .../batch and returns its "update"
// items in request order.
func decodeBatch(body []byte) ([]batchItem, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object from the batch endpoint, got %s", describeBody(body))
	}
	var r struct {
		Update []json.RawMessage `json:"update"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("the batch answer is not valid JSON: %w", err)
	}
	items := make([]batchItem, len(r.Update))
	for i, raw := range r.Update {
		// An item that cannot be read is reported as that item's error, so
		// one odd entry does not hide what happened to the others.
		if err := json.Unmarshal(raw, &items[i]); err != nil {
			var id struct {
				ID int64 `json:"id"`
			}
			_ = json.Unmarshal(raw, &id) // best effort: without an id the item is matched by position
			items[i] = batchItem{ID: id.ID, Error: &apiError{Code: "shelfsync_unreadable_item", Message: "the store's answer for this item could not be read: " + unreadableItem(err)}}
		}
	}
	return items, nil
}

// unreadableItem says in words which of an item's fields was not what
// WooCommerce documents: the SKU's reason is the merchant's to read, and
// Go's decoder speaks of struct fields and Go types.
func unreadableItem(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Sprintf("its %s is %s, not what WooCommerce documents", typeErr.Field, connector.JSONKind(typeErr.Value))
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) {
		return "it is not the JSON object WooCommerce documents"
	}
	return err.Error() // our own decoders' words, such as a quantity that is not a number
}

var errEmptyBody = errors.New("an empty body")

// describeBody names what came back instead of JSON, for error messages.
func describeBody(b []byte) string {
	if len(b) == 0 {
		return errEmptyBody.Error()
	}
	if b[0] == '<' {
		return "an HTML page (a security plugin, maintenance mode or a wrong URL?)"
	}
	return fmt.Sprintf("%q", truncate(b, 60))
}

func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

// stripTags removes HTML markup that WordPress sometimes puts in messages.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
