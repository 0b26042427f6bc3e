package services

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/connector/demo"
	"shelfsync/backend/connector/shipbob"
	"shelfsync/backend/connector/shopify"
	"shelfsync/backend/connector/woocommerce"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Sides of a connection, as secret references and the wizard name them.
const (
	sideWarehouse = "warehouse"
	sideStore     = "store"
)

// kindInfo describes one connector kind: its fields and how to open it.
type kindInfo struct {
	types.Kind
	label func(settings map[string]string) string
	// check, when set, validates what no single field's Required can say
	// (Shopify takes an app's client ID and secret, or a legacy token).
	check func(settings, secrets map[string]string) error
}

var warehouseKinds = []kindInfo{
	{Kind: types.Kind{Kind: "demo", Side: sideWarehouse, Label: "Demo warehouse", Fields: []types.Field{
		{Key: demo.SettingSKUs, Label: "Number of SKUs", Placeholder: "500", Help: "How many products the simulated warehouse holds."},
	}}, label: func(map[string]string) string { return "Demo warehouse" }},
	{Kind: types.Kind{Kind: csvfeed.Kind, Side: sideWarehouse, Label: "CSV feed (file, HTTPS or SFTP)", Fields: []types.Field{
		{Key: csvfeed.SettingSource, Label: "File path or URL", Placeholder: "/home/me/inventory.csv, https://…/inv.csv or sftp://user@host/folder", Required: true,
			Help: "Columns: a SKU column (sku, Variant SKU, item) and a quantity column (available, qty, quantity, stock; on_hand is used only when none of those is there, with a warning); comma, semicolon, tab or pipe."},
		{Key: csvfeed.SettingPattern, Label: "File pattern (SFTP folder)", Placeholder: "inv_*.csv", Help: "The newest file matching it is read."},
		{Key: "password", Label: "SFTP password", Secret: true},
		{Key: "privateKey", Label: "SFTP private key (PEM)", Secret: true},
		{Key: "authorization", Label: "HTTP Authorization header", Secret: true, Help: "Only if the feed needs one, e.g. \"Bearer …\"."},
	}}, label: func(s map[string]string) string { return "CSV: " + s[csvfeed.SettingSource] }},
	{Kind: types.Kind{Kind: "shipbob", Side: sideWarehouse, Label: "ShipBob", Fields: []types.Field{
		{Key: "token", Label: "Personal access token", Secret: true, Required: true, Help: "ShipBob > Integrations > API Tokens."},
		{Key: "url", Label: "API base URL", Placeholder: "https://api.shipbob.com", Help: "Leave empty unless ShipBob support says otherwise."},
		{Key: shipbob.SettingQuantity, Label: "Quantity to publish", Placeholder: shipbob.DefaultQuantity,
			Help: "Empty means sellable. Choose " + shipbob.QuantityChoices() + "."},
	}}, label: func(s map[string]string) string {
		return "ShipBob (" + shipbob.QuantityLabel(s[shipbob.SettingQuantity]) + ")"
	}},
}

var storeKinds = []kindInfo{
	{Kind: types.Kind{Kind: "demo", Side: sideStore, Label: "Demo store", Fields: nil},
		label: func(map[string]string) string { return "Demo store" }},
	{Kind: types.Kind{Kind: "shopify", Side: sideStore, Label: "Shopify", Fields: []types.Field{
		{Key: shopify.SettingShop, Label: "Shop domain", Placeholder: "your-shop.myshopify.com", Required: true},
		{Key: shopify.SettingClientID, Label: "Client ID", Help: "In the Shopify Dev Dashboard: create an app; in its version, give it the scopes read_products, read_inventory, write_inventory and read_locations and release it; install it on this store; then copy the Client ID and the Secret from the app's Settings."},
		{Key: shopify.SecretClientSecret, Label: "Client secret", Secret: true},
		{Key: shopify.SecretToken, Label: "Legacy Admin API access token", Secret: true, Help: "Only for a custom app created in the Shopify admin before 2026 (a shpat_ token); leave empty when you entered a client ID and secret."},
		{Key: shopify.SettingLocation, Label: "Location ID", Placeholder: "primary location", Help: "Leave empty to use the primary location."},
		{Key: shopify.SettingAPIVersion, Label: "API version", Placeholder: shopify.DefaultAPIVersion, Help: "Leave empty for the version this ShelfSync was tested with."},
	}}, label: func(s map[string]string) string { return "Shopify: " + s[shopify.SettingShop] },
		check: shopify.CheckCredentials},
	{Kind: types.Kind{Kind: woocommerce.Kind, Side: sideStore, Label: "WooCommerce", Fields: []types.Field{
		{Key: woocommerce.SettingURL, Label: "Site URL", Placeholder: "https://shop.example.com", Required: true},
		{Key: "key", Label: "Consumer key", Secret: true, Required: true, Help: "WooCommerce > Settings > Advanced > REST API, with Read/Write permission."},
		{Key: "secret", Label: "Consumer secret", Secret: true, Required: true},
	}}, label: func(s map[string]string) string { return "WooCommerce: " + s[woocommerce.SettingURL] }},
}

func findKind(side, kind string) (kindInfo, bool) {
	list := warehouseKinds
	if side == sideStore {
		list = storeKinds
	}
	for _, k := range list {
		if k.Kind.Kind == kind {
			return k, true
		}
	}
	return kindInfo{}, false
}

func kindNames(side string) string {
	list := warehouseKinds
	if side == sideStore {
		list = storeKinds
	}
	var names []string
	for _, k := range list {
		names = append(names, k.Kind.Kind)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// isSecretField tells whether a kind's field is a secret.
func isSecretField(side, kind, key string) bool {
	k, ok := findKind(side, kind)
	if !ok {
		return false
	}
	for _, f := range k.Fields {
		if f.Key == key {
			return f.Secret
		}
	}
	return false
}

// openers opens a connection's connectors, fetching its secrets.
type openers struct{ core *Core }

func (o openers) Open(c storage.Connection) (connector.Warehouse, connector.Store, error) {
	wcfg, err := o.core.connectorConfig(c, sideWarehouse)
	if err != nil {
		return nil, nil, err
	}
	scfg, err := o.core.connectorConfig(c, sideStore)
	if err != nil {
		return nil, nil, err
	}
	r := redactorOf(wcfg, scfg)
	wh, err := openWarehouse(wcfg, o.core.clock.Now)
	if err != nil {
		return nil, nil, fmt.Errorf("open the warehouse: %w", r.Error(err))
	}
	st, err := openStore(scfg, o.core.clock.Now)
	if err != nil {
		return nil, nil, fmt.Errorf("open the store: %w", r.Error(err))
	}
	return redactedWarehouse{wh, r}, redactStore(st, r), nil
}

func openWarehouse(cfg connector.Config, now func() time.Time) (connector.Warehouse, error) {
	switch cfg.Kind {
	case "demo":
		return demo.NewWarehouse(cfg, now)
	case csvfeed.Kind:
		return csvfeed.New(cfg)
	case "shipbob":
		return shipbob.New(cfg)
	}
	return nil, fmt.Errorf("unknown warehouse kind %q (known: %s)", cfg.Kind, kindNames(sideWarehouse))
}

func openStore(cfg connector.Config, now func() time.Time) (connector.Store, error) {
	switch cfg.Kind {
	case "demo":
		return demo.NewStore(cfg, now)
	case "shopify":
		return shopify.New(cfg)
	case woocommerce.Kind:
		return woocommerce.New(cfg)
	}
	return nil, fmt.Errorf("unknown store kind %q (known: %s)", cfg.Kind, kindNames(sideStore))
}

// connectorConfig builds a side's config with its secrets from the store.
func (c *Core) connectorConfig(conn storage.Connection, side string) (connector.Config, error) {
	cfg := connector.Config{DataDir: c.opts.DataDir, ConnectionID: conn.ID, Secrets: map[string]string{}}
	if side == sideWarehouse {
		cfg.Kind, cfg.Settings = conn.WarehouseKind, conn.WarehouseSettings
		cfg.ReadState = conn.WarehouseReadState
	} else {
		cfg.Kind, cfg.Settings = conn.StoreKind, conn.StoreSettings
	}
	if cfg.Settings == nil {
		cfg.Settings = map[string]string{}
	}
	prefix := side + "/"
	for _, name := range conn.SecretNames {
		key, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		v, err := c.Secrets.Get(secretRef(conn.ID, side, key))
		if err != nil {
			return cfg, fmt.Errorf("read the %s %s from the keyring (enter it again in Settings): %w", side, key, err)
		}
		cfg.Secrets[key] = v
	}
	return cfg, nil
}

func secretRef(connectionID uint, side, key string) string {
	return fmt.Sprintf("%d/%s/%s", connectionID, side, key)
}
