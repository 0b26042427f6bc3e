package woocommerce

import (
	"fmt"

	"shelfsync/backend/connector"
)

// Settings that raise the limits of one read of the store's SKU index
// (plain, stored with the connection). A site that claims 10,000 pages
// of 60 MB once ran ShelfSync out of memory.
const (
	// SettingMaxPages bounds the pages of one listing (products, or one
	// product's variations), 100 records a page.
	SettingMaxPages = "maxPages"
	// SettingMaxItems bounds the products and variations of one read.
	SettingMaxItems = "maxItems"
	// SettingMaxMB bounds the bytes of all the answers of one read.
	SettingMaxMB = "maxMB"
)

// Limits bound one read of the SKU index.
type Limits struct {
	Pages int64
	Items int64
	Bytes int64
}

// DefaultLimits fit a store of a million products with variations.
var DefaultLimits = Limits{Pages: 10_000, Items: 2_000_000, Bytes: 8 << 30}

func limitsOf(cfg connector.Config) (Limits, error) {
	l := DefaultLimits
	var err error
	if l.Pages, err = cfg.PositiveSetting(SettingMaxPages, l.Pages); err != nil {
		return l, err
	}
	if l.Items, err = cfg.PositiveSetting(SettingMaxItems, l.Items); err != nil {
		return l, err
	}
	mb, err := cfg.PositiveSetting(SettingMaxMB, l.Bytes>>20)
	if err != nil {
		return l, err
	}
	if mb > 1<<23 {
		return l, fmt.Errorf("the setting %s is in megabytes; %d is more than any store sends", SettingMaxMB, mb)
	}
	l.Bytes = mb << 20
	return l, nil
}

// budget is what is left of one read's limits.
type budget struct {
	lim          Limits
	items, bytes int64
}

// take counts one page against the read's limits.
func (b *budget) take(items, bytes int) error {
	b.items += int64(items)
	b.bytes += int64(bytes)
	switch {
	case b.bytes > b.lim.Bytes:
		return &connector.LimitError{What: "The WooCommerce site's answers", Limit: connector.Thousands(b.lim.Bytes>>20) + " MB in one read", Setting: SettingMaxMB}
	case b.items > b.lim.Items:
		return &connector.LimitError{What: "The WooCommerce site's catalogue", Limit: connector.Thousands(b.lim.Items) + " products and variations", Setting: SettingMaxItems}
	}
	return nil
}

func (b *budget) pagesError(path string) error {
	return &connector.LimitError{What: "The WooCommerce listing " + path, Limit: connector.Thousands(b.lim.Pages) + " pages", Setting: SettingMaxPages}
}
