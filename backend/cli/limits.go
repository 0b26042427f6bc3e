package cli

import (
	"fmt"
	"sort"
	"strings"
)

// limitFlag collects repeated --warehouse-limit / --store-limit KEY=VALUE
// options: the read limits a big catalogue may need raised.
type limitFlag struct {
	allowed []string // the keys this side's kinds take
	values  map[string]string
}

func (l *limitFlag) String() string { return "" }

func (l *limitFlag) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok || value == "" {
		return fmt.Errorf("write a limit as KEY=VALUE, e.g. %s=5000000", l.allowed[0])
	}
	known := false
	for _, a := range l.allowed {
		known = known || a == key
	}
	if !known {
		sorted := append([]string(nil), l.allowed...)
		sort.Strings(sorted)
		return fmt.Errorf("there is no limit %q; the limits are %s", key, strings.Join(sorted, ", "))
	}
	if l.values == nil {
		l.values = map[string]string{}
	}
	l.values[key] = value
	return nil
}

// into copies the limits into a side's settings.
func (l *limitFlag) into(settings map[string]string) {
	for k, v := range l.values {
		settings[k] = v
	}
}
