package connector

import (
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
)

// WebAddress is the Field.Validate of a field that holds a web address,
// named what in sentences ("shop domain"): CheckWebAddress.
func WebAddress(what string) func(value string) error {
	return func(v string) error { return CheckWebAddress(what, v) }
}

// MaskAddress hides the values of an address's query string and its
// password, for display: a token pasted into a feed address
// (…/inv.csv?token=…) must not be shown in lists, labels and JSON.
func MaskAddress(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.Contains(raw, "://") {
		if base, _, found := strings.Cut(raw, "?"); found {
			return base + "?…"
		}
		return raw
	}
	if u.RawQuery != "" {
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = url.QueryEscape(k) + "=…"
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	u.Fragment = ""
	return strings.Replace(u.Redacted(), "%E2%80%A6", "…", -1)
}

// CheckWebAddress refuses, when a connection is saved, a web address
// ShelfSync must never send credentials to: another scheme than https
// (plain http only to this computer), a link-local address such as the
// cloud metadata service at 169.254.169.254, an unspecified or multicast
// address, or a host written as a bare number (2852039166 and 0xA9FEA9FE
// are 169.254.169.254 to some resolvers). The connectors check the scheme
// again when they run.
func CheckWebAddress(what, raw string) error {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw // a bare shop domain
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("the %s %q is not a web address: write it like https://shop.example.com", what, raw)
	}
	host := u.Hostname()
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopbackHost(host) {
			return fmt.Errorf("the %s %s uses plain http://, which would send your credentials unencrypted: use https://", what, u.Redacted())
		}
	default:
		return fmt.Errorf("the %s %s is not a web address ShelfSync can use (%s:); use https://", what, u.Redacted(), u.Scheme)
	}
	lower := strings.ToLower(strings.TrimSuffix(host, "."))
	if lower == "metadata.google.internal" || lower == "metadata" || lower == "instance-data" {
		return fmt.Errorf("the %s %s names a cloud metadata service, not a shop or a feed; check the address", what, u.Redacted())
	}
	ip := net.ParseIP(host)
	if ip == nil {
		if strings.Trim(lower, "0123456789.x") == "" || (strings.HasPrefix(lower, "0x") && strings.Trim(lower[2:], "0123456789abcdef.") == "") {
			return fmt.Errorf("the %s %s gives its host as a bare number; write the host as a name or a dotted address like 203.0.113.5", what, u.Redacted())
		}
		return nil
	}
	switch {
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return fmt.Errorf("the %s %s is a link-local address (such as the cloud metadata service 169.254.169.254), not a shop or a feed; check the address", what, u.Redacted())
	case ip.IsUnspecified(), ip.IsMulticast():
		return fmt.Errorf("the %s %s is not the address of one computer; check the address", what, u.Redacted())
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
