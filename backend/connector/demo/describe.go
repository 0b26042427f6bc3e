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
		// What a merchant trying ShelfSync from the command line may want
		// to watch: a slow store, and one that refuses some SKUs.
		Fields: []connector.Field{
			{Key: SettingLatency, Label: "Time each write takes", Placeholder: "200ms", Help: "To watch progress, or try cancelling.",
				Aliases: []string{"demo-latency"}, Hidden: true, Validate: func(v string) error { _, err := parseLatency(v); return err }},
			{Key: SettingFailSKUs, Label: "SKUs whose writes it refuses", Placeholder: "SKU-1,SKU-2", Help: "Comma-separated, to try partial runs.",
				Flag: "fail", Aliases: []string{"demo-fail"}, Hidden: true},
		},
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
