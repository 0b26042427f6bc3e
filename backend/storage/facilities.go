package storage

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// Facilities is a SKU's quantity per warehouse facility, stored as JSON
// text (NULL when nil).
type Facilities map[string]int

// Scan reads the column.
func (f *Facilities) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*f = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("read a SKU's stock per facility: unexpected %T", src)
	}
	if len(b) == 0 {
		*f = nil
		return nil
	}
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("read a SKU's stock per facility: %w", err)
	}
	*f = m
	return nil
}

// Value writes the column.
func (f Facilities) Value() (driver.Value, error) { return f.arg(), nil }

// arg is the column's value as the bulk writer binds it.
func (f Facilities) arg() any {
	if f == nil {
		return nil
	}
	b, _ := json.Marshal(map[string]int(f)) // cannot fail; keys marshal sorted
	return string(b)
}
