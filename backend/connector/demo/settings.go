package demo

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"shelfsync/backend/connector"
)

// Kind is the connector kind of both demo sides.
const Kind = "demo"

// Settings keys and their defaults.
const (
	// SettingSKUs is the warehouse's catalogue size.
	SettingSKUs = "skus"
	// SettingSeed picks the catalogue, the stock and the drift.
	SettingSeed = "seed"
	// SettingPrefill ("true") starts the store with listings for most
	// warehouse SKUs, some stale, and a few store-only SKUs.
	SettingPrefill = "prefill"
	// SettingLatencyMs is how long each store Push takes.
	SettingLatencyMs = "latencyMs"
	// SettingFailSKUs lists, comma-separated, SKUs the store refuses.
	SettingFailSKUs = "failSkus"
	// SettingMaxBatch is the most SKUs one store Push takes.
	SettingMaxBatch = "maxBatch"

	DefaultSKUs     = 500
	DefaultSeed     = 1
	DefaultMaxBatch = 100

	maxSKUs = 100_000
)

// dir is where a data folder keeps the demo files.
func dir(dataDir string) string { return filepath.Join(dataDir, "demo") }

func warehousePath(dataDir string, id uint) string {
	return filepath.Join(dir(dataDir), fmt.Sprintf("%d-warehouse.json", id))
}

func storePath(dataDir string, id uint) string {
	return filepath.Join(dir(dataDir), fmt.Sprintf("%d-store.json", id))
}

func intSetting(cfg connector.Config, key string, def, lo, hi int) (int, error) {
	raw := strings.TrimSpace(cfg.Setting(key, ""))
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("demo setting %s is %q; enter a whole number from %d to %d", key, raw, lo, hi)
	}
	return n, nil
}

func seedSetting(cfg connector.Config) (int64, error) {
	raw := strings.TrimSpace(cfg.Setting(SettingSeed, ""))
	if raw == "" {
		return DefaultSeed, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("demo setting %s is %q; enter a whole number", SettingSeed, raw)
	}
	return n, nil
}

func checkDataDir(cfg connector.Config) error {
	if cfg.DataDir == "" {
		return fmt.Errorf("the demo connectors need a data folder to keep their files in")
	}
	return nil
}
