package woocommerce

import "shelfsync/backend/connector"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideStore, Label: "WooCommerce",
		Fields: []connector.Field{
			{Key: SettingURL, Label: "Site URL", Placeholder: "https://shop.example.com", Required: true,
				Masked: true, Validate: connector.WebAddress("WooCommerce site address")},
			{Key: SecretKey, Label: "Consumer key", Secret: true, Required: true, Help: "WooCommerce > Settings > Advanced > REST API, with Read/Write permission."},
			{Key: SecretSecret, Label: "Consumer secret", Secret: true, Required: true},
		},
		Limits: []connector.Limit{
			{Key: SettingMaxPages, Default: DefaultLimits.Pages, Unit: "pages a listing"},
			{Key: SettingMaxItems, Default: DefaultLimits.Items, Unit: "products and variations"},
			{Key: SettingMaxMB, Default: DefaultLimits.Bytes >> 20, Unit: "MB a read"},
		},
		Describe:  func(s map[string]string) string { return "WooCommerce: " + s[SettingURL] },
		ShortName: connector.ShortName{Field: SettingURL, Part: connector.NameHost, Format: "{} (WooCommerce)"},
		OpenStore: func(cfg connector.Config, _ connector.Env) (connector.Store, error) {
			return New(cfg)
		},
	})
}
