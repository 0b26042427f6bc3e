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
	var p levelPage
	next, err := decodeItems(body, &p.Items)
	if err != nil {
		return levelPage{}, err
	}
	p.Next = next
	for i, it := range p.Items {
		if it.field(quantity) == nil {
			return levelPage{}, fmt.Errorf("inventory item %d of the page (id %d) has no %s", i+1, it.InventoryID, quantityField[quantity])
		}
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

// centerLevel is an item's stock at one fulfillment center, an entry of
// inventory-level/locations' locations. Pointers so a missing field is an
// error, not a silent zero.
type centerLevel struct {
	LocationID  *int64 `json:"location_id"`
	Name        string `json:"name"`
	Fulfillable *int   `json:"fulfillable_quantity"`
}

// centerItem is one entry of GET /{version}/inventory-level/locations;
// locations is null for an item no center holds.
type centerItem struct {
	InventoryID int64         `json:"inventory_id"`
	SKU         string        `json:"sku"`
	Locations   []centerLevel `json:"locations"`
}

type centerPage struct {
	Items []centerItem
	Next  *string
}

// decodeCenters reads one page of inventory levels by fulfillment center,
// requiring each center's id and fulfillable quantity (ShipBob gives no
// sellable quantity per center).
func decodeCenters(body []byte) (centerPage, error) {
	var p centerPage
	next, err := decodeItems(body, &p.Items)
	if err != nil {
		return centerPage{}, err
	}
	p.Next = next
	for i, it := range p.Items {
		for _, l := range it.Locations {
			if l.LocationID == nil || l.Fulfillable == nil {
				return centerPage{}, fmt.Errorf("inventory item %d of the page (id %d) has a fulfillment center without its location_id or fulfillable_quantity", i+1, it.InventoryID)
			}
		}
	}
	return p, nil
}

// decodeItems reads a paged answer's items into items and returns its next
// link (nil on the last page). items: null is an account with no
// inventory; an absent items key is an error.
func decodeItems(body []byte, items any) (*string, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object with items, got %s", describeBody(body))
	}
	var raw struct {
		Items json.RawMessage `json:"items"`
		Next  *string         `json:"next"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the inventory page is not valid JSON: %w", err)
	}
	if raw.Items == nil {
		return nil, fmt.Errorf("the inventory page has no items list")
	}
	if err := json.Unmarshal(raw.Items, items); err != nil {
		return nil, fmt.Errorf("the inventory page's items are not a list of items: %w", err)
	}
	if raw.Next != nil && strings.TrimSpace(*raw.Next) == "" {
		return nil, nil
	}
	return raw.Next, nil
}

// center is one entry of GET /{version}/location.
type center struct {
	ID            *int64 `json:"id"`
	Name          string `json:"name"`
	Abbreviation  string `json:"abbreviation"`
	AccessGranted bool   `json:"access_granted"`
}

// decodeCenterList reads the location list, a plain JSON array.
func decodeCenterList(body []byte) ([]center, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '[' {
		return nil, fmt.Errorf("expected a JSON list of locations, got %s", describeBody(body))
	}
	var out []center
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("the location list is not valid JSON: %w", err)
	}
	for i, c := range out {
		if c.ID == nil {
			return nil, fmt.Errorf("location %d of the list (%s) has no id", i+1, c.Name)
		}
	}
	return out, nil
}
