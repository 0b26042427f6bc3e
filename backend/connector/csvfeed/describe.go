package csvfeed

import "shelfsync/backend/connector"

var forSFTP = connector.ShownWhen{Field: SettingSource, Prefixes: []string{"sftp://"}}

func init() {
	connector.Register(connector.Description{
		Kind: Kind, Side: connector.SideWarehouse, Label: "CSV feed (file, HTTPS or SFTP)",
		// What a source needs besides its address: SFTP a login (and a
		// pattern for a folder), HTTPS perhaps a header; a local file nothing.
		Fields: []connector.Field{
			{Key: SettingSource, Label: "File path or URL", Placeholder: "/home/me/inventory.csv, https://…/inv.csv or sftp://user@host/folder", Required: true,
				Masked: true, Validate: validSource, Kind: connector.FieldLocalPath,
				Help: "Columns: a SKU column (sku, Variant SKU, item) and a quantity column (available, qty, quantity, stock; on_hand is used only when none of those is there, with a warning); comma, semicolon, tab or pipe."},
			{Key: SettingPattern, Label: "File pattern (SFTP folder)", Placeholder: "inv_*.csv", Help: "The newest file matching it is read.",
				Aliases: []string{"pattern"}, Validate: validPattern, ShownWhen: forSFTP},
			{Key: SecretPassword, Label: "SFTP password", Secret: true, ShownWhen: forSFTP},
			{Key: SecretPrivateKey, Label: "SFTP private key (PEM)", Secret: true, Flag: "key-file", FromFile: true, ShownWhen: forSFTP},
			{Key: SecretPassphrase, Label: "SFTP key passphrase", Secret: true, Help: "Only if the private key is protected by a passphrase.", ShownWhen: forSFTP},
			{Key: SecretAuthorization, Label: "HTTP Authorization header", Secret: true, Help: "Only if the feed needs one, e.g. \"Bearer …\".",
				ShownWhen: connector.ShownWhen{Field: SettingSource, Prefixes: []string{"https://", "http://"}}},
		},
		ArgField: SettingSource,
		Limits: []connector.Limit{
			{Key: SettingMaxRows, Default: DefaultLimits.Rows, Unit: "rows"},
			{Key: SettingMaxMB, Default: DefaultLimits.Bytes >> 20, Unit: "MB unpacked"},
			{Key: SettingMaxLineKB, Default: DefaultLimits.LineBytes >> 10, Unit: "KB a line"},
		},
		Describe:  func(s map[string]string) string { return "CSV: " + s[SettingSource] },
		ShortName: connector.ShortName{Field: SettingSource, Part: connector.NameFile, Empty: "Warehouse CSV"},
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return New(cfg)
		},
	})
}
