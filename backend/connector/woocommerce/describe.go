package woocommerce

import "shelfsync/backend/connector"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideStore, Label: "WooCommerce",
		Fields: []connector.Field{
			{Key: SettingURL, Label: "Site URL", Placeholder: "https://shop.example.com", Required: true},
			{Key: SecretKey, Label: "Consumer key", Secret: true, Required: true, Help: "WooCommerce > Settings > Advanced > REST API, with Read/Write permission."},
			{Key: SecretSecret, Label: "Consumer secret", Secret: true, Required: true},
		},
		Describe: func(s map[string]string) string { return "WooCommerce: " + s[SettingURL] },
		OpenStore: func(cfg connector.Config, _ connector.Env) (connector.Store, error) {
			return New(cfg)
		},
	})
}
