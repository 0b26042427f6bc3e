package shopify

import "shelfsync/backend/connector"

// Kind is the connector kind stored with a connection.
const Kind = "shopify"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideStore, Label: "Shopify",
		Fields: []connector.Field{
			{Key: SettingShop, Label: "Shop domain", Placeholder: "your-shop.myshopify.com", Required: true, Flag: "url"},
			{Key: SecretToken, Label: "Admin API access token", Secret: true, Required: true, Help: "A custom app's token with read_products, read_inventory, write_inventory and read_locations."},
			{Key: SettingLocation, Label: "Location ID", Placeholder: "primary location", Help: "Leave empty to use the primary location."},
			{Key: SettingAPIVersion, Label: "API version", Placeholder: DefaultAPIVersion, Help: "Leave empty for the version this ShelfSync was tested with."},
		},
		Describe: func(s map[string]string) string { return "Shopify: " + s[SettingShop] },
		OpenStore: func(cfg connector.Config, _ connector.Env) (connector.Store, error) {
			return New(cfg)
		},
	})
}
