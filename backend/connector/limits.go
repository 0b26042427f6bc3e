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

// Every read limit is a whole number from LimitMin to LimitMax, written
// with or without thousands commas (5,000,000). The window checks a value
// as it is typed by these bounds and this syntax, which types.Limit
// carries to it with Limit.Problem's sentence; Limit.Value decides.
const (
	LimitMin int64 = 1
	LimitMax int64 = 1_000_000_000_000
)

// Value reads the limit's setting as typed: the default when empty, else
// a whole number within the bounds; the error is Problem's sentence.
func (l Limit) Value(raw string) (int64, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return l.Default, nil
	}
	if n, ok := parseLimit(raw); ok {
		return n, nil
	}
	return 0, fmt.Errorf("%s, not %q", strings.TrimSuffix(l.Problem(), "."), raw)
}

// Problem is the sentence for a value of the limit that is not one.
func (l Limit) Problem() string {
	return fmt.Sprintf("The read limit %s must be a whole number from %s to %s (the default is %s %s).",
		l.Key, Thousands(LimitMin), Thousands(LimitMax), Thousands(l.Default), l.Unit)
}

// PositiveSetting reads a read limit the connector keeps under key, or
// def when it is not set.
func (c Config) PositiveSetting(key string, def int64) (int64, error) {
	raw := strings.TrimSpace(c.Settings[key])
	if raw == "" {
		return def, nil
	}
	n, ok := parseLimit(raw)
	if !ok {
		return 0, fmt.Errorf("the setting %s must be a whole number from %s to %s, not %q", key, Thousands(LimitMin), Thousands(LimitMax), raw)
	}
	return n, nil
}

// parseLimit reads digits, commas allowed among them, within the bounds.
func parseLimit(raw string) (int64, bool) {
	digits := strings.ReplaceAll(raw, ",", "")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, err == nil && n >= LimitMin && n <= LimitMax
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
