package demo

import "shelfsync/backend/connector"

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideWarehouse, Label: "Demo warehouse",
		Fields: []connector.Field{
			{Key: SettingSKUs, Label: "Number of SKUs", Placeholder: "500", Help: "How many products the simulated warehouse holds.",
				Aliases: []string{"demo-skus"}, Validate: validSKUs},
		},
		OpenWarehouse: func(cfg connector.Config, env connector.Env) (connector.Warehouse, error) {
			return NewWarehouse(cfg, env.Now)
		},
	})
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideStore, Label: "Demo store",
		OpenStore: func(cfg connector.Config, env connector.Env) (connector.Store, error) {
			return NewStore(cfg, env.Now)
		},
	})
}

// validSKUs checks a catalogue size as the warehouse will read it.
func validSKUs(v string) error {
	_, err := intSetting(connector.Config{Settings: map[string]string{SettingSKUs: v}}, SettingSKUs, DefaultSKUs, 1, maxSKUs)
	return err
}
