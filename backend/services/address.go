package services

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/woocommerce"
)

// addressSettings names, per kind, the setting that holds a web address.
var addressSettings = map[string]struct{ key, what string }{
	"shopify":        {"shop", "shop domain"},
	woocommerce.Kind: {woocommerce.SettingURL, "WooCommerce site address"},
	"shipbob":        {"url", "ShipBob API address"},
}

// schemePrefix is "name:" at the start of a CSV source; one letter is a
// Windows drive (C:\…), not a scheme.
var schemePrefix = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):`)

// checkAddresses refuses, before a connection is tested or saved, an
// address no shop or feed has (file:, gopher:, javascript:, the cloud
// metadata service): connectors check addresses again when they run, but
// such a connection should never be saved.
func checkAddresses(kind string, settings map[string]string) error {
	if a, ok := addressSettings[kind]; ok {
		if v := strings.TrimSpace(settings[a.key]); v != "" {
			return connector.CheckWebAddress(a.what, v)
		}
		return nil
	}
	if kind != csvfeed.Kind {
		return nil
	}
	src := strings.TrimSpace(settings[csvfeed.SettingSource])
	m := schemePrefix.FindStringSubmatch(src)
	if m == nil {
		return nil // a path on this computer
	}
	switch strings.ToLower(m[1]) {
	case "https", "http":
		return connector.CheckWebAddress("feed address", src)
	case "file", "sftp":
		return nil
	}
	return fmt.Errorf("the feed address %s is not one ShelfSync reads (%s:): use a path on this computer, an https:// address or an sftp:// address", maskQuery(src), m[1])
}

// maskQuery hides the values of an address's query string and its
// password, for display: a token pasted into a feed address
// (…/inv.csv?token=…) must not be shown in lists, labels and JSON.
func maskQuery(raw string) string {
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

// displaySetting is a setting's value as the window and the CLI show it.
func displaySetting(kind, key, value string) string {
	if a, ok := addressSettings[kind]; (ok && a.key == key) || (kind == csvfeed.Kind && key == csvfeed.SettingSource) {
		return maskQuery(value)
	}
	return value
}
