package connector

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A read is bounded whatever the other side sends: a hostile or broken
// server or feed must not exhaust memory or keep a sync reading forever.
// Each bound has a default that fits a large catalogue, and a setting of
// the connection that raises it for a bigger one.

// ErrLimit marks a read stopped by one of its limits.
var ErrLimit = errors.New("read limit reached")

// LimitError says which limit stopped a read and how to raise it.
type LimitError struct {
	// What passed the limit, e.g. "The CSV feed" or "The WooCommerce site's product list".
	What string
	// Limit is the bound in words, e.g. "2,000,000 rows".
	Limit string
	// Setting is the connection setting that raises it.
	Setting string
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s passed ShelfSync's limit of %s, so the read was stopped and nothing was synced. If the catalogue really is this big, raise the limit with the connection setting %q; otherwise check what the source is sending", e.What, e.Limit, e.Setting)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// PositiveSetting reads a whole-number setting that must be above zero,
// or def when it is not set.
func (c Config) PositiveSetting(key string, def int64) (int64, error) {
	raw := strings.TrimSpace(c.Settings[key])
	if raw == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(raw, ",", ""), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("the setting %s must be a whole number above 0, not %q", key, raw)
	}
	return n, nil
}

// Thousands writes n with comma grouping: 5000 -> "5,000".
func Thousands(n int64) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
