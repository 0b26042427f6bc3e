package services

import "shelfsync/backend/connector"

// displaySetting is a setting's value as the window and the CLI show it:
// an address a token may be pasted into is masked (connector.Field.Masked).
func displaySetting(side, kind, key, value string) string {
	if d, ok := findKind(side, kind); ok {
		if f, ok := d.Field(key); ok && f.Masked {
			return connector.MaskAddress(value)
		}
	}
	return value
}
