package services

import (
	"strings"
	"testing"

	"shelfsync/backend/types"
)

// A connection pointing at no shop or feed (the cloud metadata service,
// file:, gopher:, javascript:) is refused when it is saved, not only when
// it first syncs.
func TestAConnectionWithAnAddressNoShopHasIsNotSaved(t *testing.T) {
	w := newWorld(t, false)
	store := func(kind, key, url string) types.NewConnection {
		return types.NewConnection{Name: "X", WarehouseKind: "demo", StoreKind: kind,
			StoreSettings: map[string]string{key: url},
			StoreSecrets:  map[string]string{"token": "shpat_x", "key": "ck_x", "secret": "cs_x"}}
	}
	feed := func(src string) types.NewConnection {
		return types.NewConnection{Name: "X", WarehouseKind: "csv", WarehouseSettings: map[string]string{"source": src}, StoreKind: "demo"}
	}
	for what, req := range map[string]types.NewConnection{
		"WooCommerce at the metadata service": store("woocommerce", "url", "http://169.254.169.254/latest/meta-data"),
		"WooCommerce at file:":                store("woocommerce", "url", "file:///etc/passwd"),
		"Shopify at gopher:":                  store("shopify", "shop", "gopher://shop.example.com:70/"),
		"Shopify at a bare number":            store("shopify", "shop", "https://2852039166"),
		"a feed at javascript:":               feed("javascript:alert(1)"),
		"a feed at gopher:":                   feed("gopher://example.com/inv.csv"),
		"a feed at the metadata service":      feed("http://169.254.169.254/inv.csv"),
	} {
		if _, err := w.conns.Create(req); err == nil {
			t.Errorf("%s was saved", what)
		}
	}
	if list, _ := w.conns.List(); len(list) != 0 {
		t.Errorf("%d connections saved", len(list))
	}
}

// A token in a feed address's query string is not shown back.
func TestAFeedAddressIsShownWithItsQueryMasked(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(types.NewConnection{Name: "Feed", WarehouseKind: "csv",
		WarehouseSettings: map[string]string{"source": "https://user:pw123456@feeds.example.com/inv.csv?token=tok_SECRET123&x=1"}, StoreKind: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	shown := conn.Warehouse.Label + " " + conn.Warehouse.Settings["source"]
	for _, secret := range []string{"tok_SECRET123", "pw123456"} {
		if strings.Contains(shown, secret) {
			t.Errorf("%q is shown: %s", secret, shown)
		}
	}
	if !strings.Contains(shown, "feeds.example.com/inv.csv?token=…&x=…") {
		t.Errorf("shown as %s", shown)
	}
}
