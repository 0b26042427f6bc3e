package csvfeed

import (
	"fmt"
	"shelfsync/backend/plain"
	"strings"
)

// column is the role a header cell plays.
type column int

const (
	colNone column = iota
	colSKU
	colQty
	// colOnHand is a quantity that still counts units committed to
	// orders: used only when the file has no colQty column.
	colOnHand
	colName
	colUpdatedAt
	// colLocation names the facility a row's quantity is at; a SKU then
	// has a row per facility.
	colLocation
)

// Accepted header names per role, as the user sees them in messages. They
// are matched after normalizeHeader, so case, surrounding spaces and the
// choice between space, underscore and hyphen do not matter.
var (
	skuNames       = []string{"sku", "SKU", "Variant SKU", "item"}
	qtyNames       = []string{"qty", "quantity", "available", "Available Quantity", "stock"}
	onHandNames    = []string{"on_hand", "onhand", "quantity on hand"}
	nameNames      = []string{"name", "title", "product name"}
	updatedAtNames = []string{"updated_at"}
	locationNames  = []string{"location", "facility", "fulfillment center"}
)

var headerRoles = func() map[string]column {
	m := map[string]column{}
	for role, names := range map[column][]string{colSKU: skuNames, colQty: qtyNames, colOnHand: onHandNames, colName: nameNames, colUpdatedAt: updatedAtNames, colLocation: locationNames} {
		for _, n := range names {
			m[normalizeHeader(n)] = role
		}
	}
	return m
}()

// normalizeHeader lowercases and trims a header cell and folds runs of
// spaces, underscores and hyphens into one space, so "On-Hand", "on_hand"
// and " ON HAND " all mean the same column.
func normalizeHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, bom)))
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		if r == ' ' || r == '_' || r == '-' || r == '\t' {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}

// onHandWarning is said once per read of a feed whose only quantity is
// on hand.
const onHandWarning = "The CSV file's quantity column %q is on hand: on-hand counts units already sold; consider a buffer in the connection's rules, or export an available column, which ShelfSync prefers"

// layout says which field of a row holds what; -1 when absent.
type layout struct {
	sku, qty, name, updatedAt int
	// location is the facility column, -1 for a feed of one quantity a SKU.
	location int
	width    int // fields in the header
	// warning is a remark on the columns chosen, said with the read.
	warning string
}

// readHeader maps header cells to roles. Two SKU columns, or two quantity
// columns of the same kind, are an error (we would have to guess which one
// is the truth); a second name column is ignored. An available-style
// quantity column wins over an on-hand one; on hand alone is used with a
// warning.
func readHeader(cells []string) (layout, error) {
	l := layout{sku: -1, qty: -1, name: -1, updatedAt: -1, location: -1, width: len(cells)}
	onHand := -1
	for i, cell := range cells {
		switch headerRoles[normalizeHeader(cell)] {
		case colSKU:
			if l.sku >= 0 {
				return l, plain.Errorf("The CSV header has two SKU columns (%q and %q); keep one of them and try again", strings.TrimSpace(cells[l.sku]), strings.TrimSpace(cell))
			}
			l.sku = i
		case colQty:
			if l.qty >= 0 {
				return l, plain.Errorf("The CSV header has two quantity columns (%q and %q); keep one of them and try again", strings.TrimSpace(cells[l.qty]), strings.TrimSpace(cell))
			}
			l.qty = i
		case colOnHand:
			if onHand >= 0 {
				return l, plain.Errorf("The CSV header has two on-hand columns (%q and %q); keep one of them and try again", strings.TrimSpace(cells[onHand]), strings.TrimSpace(cell))
			}
			onHand = i
		case colName:
			if l.name < 0 {
				l.name = i
			}
		case colUpdatedAt:
			if l.updatedAt < 0 {
				l.updatedAt = i
			}
		case colLocation:
			if l.location >= 0 {
				return l, fmt.Errorf("The CSV header has two location columns (%q and %q); keep one of them and try again", strings.TrimSpace(cells[l.location]), strings.TrimSpace(cell))
			}
			l.location = i
		}
	}
	if l.qty < 0 && onHand >= 0 {
		l.qty = onHand
		l.warning = fmt.Sprintf(onHandWarning, strings.TrimSpace(strings.TrimPrefix(cells[onHand], bom)))
	}
	var missing []string
	if l.sku < 0 {
		missing = append(missing, fmt.Sprintf("no SKU column (accepted names: %s)", strings.Join(skuNames, ", ")))
	}
	if l.qty < 0 {
		missing = append(missing, fmt.Sprintf("no quantity column (accepted names: %s)", strings.Join(append(append([]string{}, qtyNames...), onHandNames...), ", ")))
	}
	if len(missing) > 0 {
		return l, plain.Errorf("The CSV file has %s. Columns found: %s. Rename the header cells (any letter case) and try again", strings.Join(missing, " and "), describeColumns(cells))
	}
	return l, nil
}

func describeColumns(cells []string) string {
	if len(cells) == 0 {
		return "none"
	}
	const most = 12
	quoted := make([]string, 0, min(len(cells), most))
	for i, c := range cells {
		if i == most {
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", clip(strings.TrimSpace(strings.TrimPrefix(c, bom)), 40)))
	}
	s := strings.Join(quoted, ", ")
	if len(cells) > most {
		s += fmt.Sprintf(" and %d more", len(cells)-most)
	}
	return s
}

// clip shortens s for a message so a runaway field cannot flood the UI.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
