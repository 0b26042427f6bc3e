package shipbob

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// levelItem is one entry of GET /{version}/inventory-level.
type levelItem struct {
	InventoryID int64  `json:"inventory_id"`
	Name        string `json:"name"`
	SKU         string `json:"sku"`
	// Sellable is on hand minus committed minus exception orders, the
	// figure ShipBob tells integrators to publish; Fulfillable leaves the
	// exception orders in. Pointers so a missing field is an error, not a
	// silent zero.
	Sellable    *int `json:"total_sellable_quantity"`
	Fulfillable *int `json:"total_fulfillable_quantity"`
}

// quantityField names the JSON field of each publishable figure.
var quantityField = map[string]string{
	QuantitySellable:    "total_sellable_quantity",
	QuantityFulfillable: "total_fulfillable_quantity",
}

// field returns the chosen figure, nil when the answer lacked it.
func (l levelItem) field(quantity string) *int {
	if quantity == QuantityFulfillable {
		return l.Fulfillable
	}
	return l.Sellable
}

// qty is the chosen figure; decodeLevels made sure it is there.
func (l levelItem) qty(quantity string) int { return *l.field(quantity) }

// levelPage is one page of inventory levels; next is a URL or null.
type levelPage struct {
	Items []levelItem `json:"items"`
	Next  *string     `json:"next"`
}

// decodeLevels reads one page, requiring the quantity field the connection
// publishes. items: null is what ShipBob sends for an account with no
// inventory: zero items, not an error; an absent items key still is one.
func decodeLevels(body []byte, quantity string) (levelPage, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return levelPage{}, fmt.Errorf("expected a JSON object with items, got %s", describeBody(body))
	}
	var raw struct {
		Items json.RawMessage `json:"items"`
		Next  *string         `json:"next"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return levelPage{}, fmt.Errorf("the inventory page is not valid JSON: %w", err)
	}
	if raw.Items == nil {
		return levelPage{}, fmt.Errorf("the inventory page has no items list")
	}
	var items []levelItem
	if err := json.Unmarshal(raw.Items, &items); err != nil {
		return levelPage{}, fmt.Errorf("the inventory page's items are not a list of items: %w", err)
	}
	for i, it := range items {
		if it.field(quantity) == nil {
			return levelPage{}, fmt.Errorf("inventory item %d of the page (id %d) has no %s", i+1, it.InventoryID, quantityField[quantity])
		}
	}
	p := levelPage{Items: items, Next: raw.Next}
	if p.Next != nil && strings.TrimSpace(*p.Next) == "" {
		p.Next = nil
	}
	return p, nil
}

// problem is an RFC 7807 ProblemDetails body, or the rate limiter's
// {statusCode, message}.
type problem struct {
	Title   string `json:"title"`
	Detail  string `json:"detail"`
	Message string `json:"message"`
}

// decodeProblem returns the error in words; ok is false when the body is
// neither shape.
func decodeProblem(body []byte) (string, bool) {
	var p problem
	if json.Unmarshal(bytes.TrimSpace(body), &p) != nil {
		return "", false
	}
	var parts []string
	for _, s := range []string{p.Title, p.Detail, p.Message} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, ": "), true
}

func describeBody(b []byte) string {
	switch {
	case len(b) == 0:
		return "an empty body"
	case b[0] == '<':
		return "an HTML page (a proxy or a wrong address?)"
	case len(b) > 60:
		return fmt.Sprintf("%q…", b[:60])
	}
	return fmt.Sprintf("%q", b)
}
