//go:build windows

package secrets

// tightenFile does nothing on Windows: mode bits mean nothing on NTFS, the
// data folder's owner and access list are checked when the database opens
// (storage/private_windows.go), and secrets live in Credential Manager.
func tightenFile(string) error { return nil }
