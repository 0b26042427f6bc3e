//go:build !linux

package desktop

// HandOff leaves the second launch to Wails' SingleInstanceLock, which on
// Windows and macOS answers before the app starts.
func HandOff(instanceID string, args []string) bool { return false }
