package shopify

import "shelfsync/backend/connector"

// Kind is the connector kind stored with a connection.
const Kind = "shopify"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideStore, Label: "Shopify",
		Fields: []connector.Field{
			{Key: SettingShop, Label: "Shop domain", Placeholder: "your-shop.myshopify.com", Required: true, Flag: "url",
				Masked: true, Validate: connector.WebAddress("shop domain")},
			{Key: SettingClientID, Label: "Client ID", Help: "In the Shopify Dev Dashboard: create an app; in its version, give it the scopes read_products, read_inventory, write_inventory and read_locations and release it; install it on this store; then copy the Client ID and the Secret from the app's Settings."},
			{Key: SecretClientSecret, Label: "Client secret", Secret: true},
			{Key: SecretToken, Label: "Legacy Admin API access token", Secret: true, Help: "Only for a custom app created in the Shopify admin before 2026 (a shpat_ token); leave empty when you entered a client ID and secret."},
			{Key: SettingLocation, Label: "Location ID", Placeholder: "primary location", Help: "Leave empty to use the primary location.", Advanced: true},
			{Key: SettingAPIVersion, Label: "API version", Placeholder: DefaultAPIVersion, Help: "Leave empty for the version this ShelfSync was tested with.", Advanced: true},
		},
		Check:     CheckCredentials,
		Describe:  func(s map[string]string) string { return "Shopify: " + s[SettingShop] },
		ShortName: connector.ShortName{Field: SettingShop, Part: connector.NameSubdomain, Format: "{} (Shopify)"},
		OpenStore: func(cfg connector.Config, _ connector.Env) (connector.Store, error) {
			return New(cfg)
		},
	})
}
