package demo

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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
	// SettingLatency is how long each store Push takes, as Go writes a
	// duration ("200ms").
	SettingLatency = "latency"
	// SettingLatencyMs is SettingLatency in milliseconds, as demo stores
	// saved before it were written; read when SettingLatency is not set.
	SettingLatencyMs = "latencyMs"
	// SettingFailSKUs lists, comma-separated, SKUs the store refuses.
	SettingFailSKUs = "failSkus"
	// SettingMaxBatch is the most SKUs one store Push takes.
	SettingMaxBatch = "maxBatch"

	DefaultSKUs     = 500
	DefaultSeed     = 1
	DefaultMaxBatch = 100

	maxSKUs    = 100_000
	maxLatency = 10 * time.Minute
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

// latencySetting is how long each store Push takes.
func latencySetting(cfg connector.Config) (time.Duration, error) {
	raw := strings.TrimSpace(cfg.Setting(SettingLatency, ""))
	if raw == "" {
		ms, err := intSetting(cfg, SettingLatencyMs, 0, 0, int(maxLatency/time.Millisecond))
		return time.Duration(ms) * time.Millisecond, err
	}
	return parseLatency(raw)
}

func parseLatency(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil || d < 0 || d > maxLatency {
		return 0, fmt.Errorf("the demo store's latency is %q; enter a duration from 0s to %s, such as 200ms or 2s", raw, maxLatency)
	}
	return d, nil
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
