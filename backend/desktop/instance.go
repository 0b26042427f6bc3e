package desktop

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
)

// InstanceID is the single-instance id for a data dir: one ShelfSync per
// data dir, so a second launch on the same data finds the first, while a
// test or a second profile on another dir runs on its own.
func InstanceID(dataDir string) string {
	if abs, err := filepath.Abs(dataDir); err == nil {
		dataDir = abs
	}
	sum := sha256.Sum256([]byte(filepath.Clean(dataDir)))
	return "app.shelfsync.desktop." + hex.EncodeToString(sum[:6])
}
