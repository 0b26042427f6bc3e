package cli

import (
	"flag"
	"fmt"
	"strings"

	"shelfsync/backend/connector"
)

// limitFlag is --warehouse-limit or --store-limit, KEY=VALUE and
// repeatable: it raises the read limits the side's kinds describe
// (connector.Limit), so the keys, defaults and kinds it applies to are
// written once, in each connector's describe.go.
type limitFlag struct {
	side   connector.Side
	values map[string]string
}

// addLimitFlags adds the limit option of each side one of whose kinds
// keeps read limits.
func addLimitFlags(fs *flag.FlagSet) map[connector.Side]*limitFlag {
	out := map[connector.Side]*limitFlag{}
	for _, side := range []connector.Side{connector.SideWarehouse, connector.SideStore} {
		var help []string
		for _, d := range connector.Kinds(side) {
			if len(d.Limits) > 0 {
				help = append(help, d.Kind+": "+limitNames(d, true))
			}
		}
		if len(help) == 0 {
			continue
		}
		l := &limitFlag{side: side}
		fs.Var(l, l.name(), "raise a read limit of the "+string(side)+", KEY=VALUE, repeatable; "+strings.Join(help, "; "))
		out[side] = l
	}
	return out
}

func (l *limitFlag) name() string { return string(l.side) + "-limit" }

func (l *limitFlag) String() string { return "" }

func (l *limitFlag) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok || key == "" || value == "" {
		return fmt.Errorf("write a limit as KEY=VALUE, e.g. maxRows=5000000")
	}
	if l.values == nil {
		l.values = map[string]string{}
	}
	l.values[key] = value
	return nil
}

// into puts the limits given into the settings of the side's chosen kind,
// refusing one that kind does not keep. Their values are checked with the
// connection's other settings (services).
func (l *limitFlag) into(d connector.Description, settings map[string]string) error {
	if l == nil || len(l.values) == 0 {
		return nil
	}
	if len(d.Limits) == 0 {
		var with []string
		for _, k := range connector.Kinds(l.side) {
			if len(k.Limits) > 0 {
				with = append(with, k.Kind)
			}
		}
		return fmt.Errorf("--%s applies to a %s %s only, not a %s one", l.name(), strings.Join(with, " or "), l.side, d.Kind)
	}
	for key, value := range l.values {
		if _, ok := d.Limit(key); !ok {
			return fmt.Errorf("a %s %s has no limit %q; its limits are %s", d.Kind, l.side, key, limitNames(d, false))
		}
		settings[key] = value
	}
	return nil
}

// limitNames lists a kind's limits: "maxRows, maxMB", or with their
// defaults "maxRows (default 2,000,000 rows), …".
func limitNames(d connector.Description, defaults bool) string {
	var out []string
	for _, l := range d.Limits {
		if defaults {
			out = append(out, fmt.Sprintf("%s (default %s %s)", l.Key, connector.Thousands(l.Default), l.Unit))
		} else {
			out = append(out, l.Key)
		}
	}
	return strings.Join(out, ", ")
}
