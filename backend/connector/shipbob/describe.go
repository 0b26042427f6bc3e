package shipbob

import "shelfsync/backend/connector"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideWarehouse, Label: "ShipBob",
		Fields: []connector.Field{
			{Key: SecretToken, Label: "Personal access token", Secret: true, Required: true, Help: "ShipBob > Integrations > API Tokens."},
			{Key: SettingURL, Label: "API base URL", Placeholder: DefaultURL, Help: "Leave empty unless ShipBob support says otherwise (the sandbox is https://sandbox-api.shipbob.com)."},
			{Key: SettingQuantity, Label: "Quantity to publish", Placeholder: DefaultQuantity,
				Help: "sellable (used when empty): on hand minus units committed to orders and to exception orders, as ShipBob advises. fulfillable: exception orders not subtracted, so it can oversell."},
		},
		Describe: func(s map[string]string) string { return "ShipBob (" + QuantityLabel(s[SettingQuantity]) + ")" },
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return New(cfg)
		},
	})
}
