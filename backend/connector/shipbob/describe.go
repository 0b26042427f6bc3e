package shipbob

import "shelfsync/backend/connector"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideWarehouse, Label: "ShipBob",
		Fields: []connector.Field{
			{Key: SecretToken, Label: "Personal access token", Secret: true, Required: true, Help: "ShipBob > Integrations > API Tokens."},
			{Key: SettingURL, Label: "API base URL", Placeholder: DefaultURL, Help: "Leave empty unless ShipBob support says otherwise (the sandbox is https://sandbox-api.shipbob.com).", Advanced: true,
				Masked: true, Validate: connector.WebAddress("ShipBob API address")},
			{Key: SettingQuantity, Label: "Quantity to publish", Placeholder: DefaultQuantity,
				Help: "Empty means sellable. Choose " + QuantityChoices() + "."},
		},
		Describe: func(s map[string]string) string { return "ShipBob (" + QuantityLabel(s[SettingQuantity]) + ")" },
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return New(cfg)
		},
	})
}
