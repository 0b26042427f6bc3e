package services

import (
	"shelfsync/backend/inventory"
	"strings"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

func runDTO(r storage.SyncRun, connectionName string) types.Run {
	out := types.Run{
		RunID: r.ID, ConnectionID: r.ConnectionID, Connection: connectionName,
		Status: r.Status, Trigger: r.Trigger, ModeRequested: r.ModeRequested, ModeRun: r.ModeRun,
		Reason: r.Reason, Error: r.Error, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		Counts: types.Counts{
			Read: r.Read, Changed: r.Changed, Pushed: r.Pushed, Failed: r.Failed,
			Skipped: r.Skipped, Unmapped: r.Unmapped,
			MissingFromFeed: r.MissingFromFeed, ConflictingRows: r.ConflictingRows,
			InvalidQuantity: r.InvalidQuantity, ComponentMissing: r.ComponentMissing, Attention: r.Attention, NotFed: r.NotFed, NotTracked: r.NotTracked, Drifted: r.Drifted,
		},
		Located: r.Located, APICalls: r.APICalls, Problems: r.Problems, Warnings: len(r.Problems),
	}
	if r.FinishedAt != nil {
		out.DurationMs = r.FinishedAt.Sub(r.StartedAt).Milliseconds()
	}
	out.Health = types.RunHealth(out)
	return out
}

func runItemDTOs(items []storage.SyncRunItem) []types.RunItem {
	out := make([]types.RunItem, len(items))
	for i, it := range items {
		out[i] = types.RunItem{SKU: it.SKU, From: it.FromQty, To: it.ToQty, Status: it.Status, Error: it.Error, Expected: it.Expected, Location: it.Location}
	}
	return out
}

// dto is a connection as the window shows it, with its next automatic run
// and whether a sync of it runs now.
func (s *ConnectionService) dto(conn storage.Connection, last *storage.SyncRun) types.Connection {
	out := types.Connection{
		ID: conn.ID, Name: conn.Name, Demo: conn.Demo,
		Warehouse:          endpointDTO(sideWarehouse, conn.WarehouseKind, conn.WarehouseSettings, conn.SecretNames),
		Store:              endpointDTO(sideStore, conn.StoreKind, conn.StoreSettings, conn.SecretNames),
		Schedule:           types.Schedule{Enabled: conn.ScheduleEnabled, IntervalMinutes: conn.IntervalMinutes, AutoMode: conn.AutoMode, NextRunAt: s.schedules.NextRun(conn.ID)},
		Rules:              rulesDTO(conn.Rules),
		RetentionDays:      conn.RetentionDays,
		RunDeadlineMinutes: runDeadlineMinutes(conn.Rules),
		CreatedAt:          conn.CreatedAt,
		Running:            s.runs.IsRunning(conn.ID),
		FedLocations:       inventory.LocationMap(conn.LocationMap).Locations(),
	}
	if last != nil {
		r := runDTO(*last, conn.Name)
		out.LastRun = &r
	}
	out.Health = types.ConnectionHealth(out.LastRun, conn.ScheduleEnabled, s.schedules.Paused())
	return out
}

func endpointDTO(side, kind string, settings map[string]string, secretNames []string) types.Endpoint {
	e := types.Endpoint{Kind: kind, Settings: map[string]string{}, SecretsSet: []string{}}
	for k, v := range settings {
		e.Settings[k] = displaySetting(side, kind, k, v)
	}
	if k, ok := findKind(side, kind); ok {
		e.Label = k.Name(e.Settings)
	} else {
		e.Label = kind
	}
	for _, name := range secretNames {
		if key, ok := strings.CutPrefix(name, side+"/"); ok {
			e.SecretsSet = append(e.SecretsSet, key)
		}
	}
	return e
}

func rulesDTO(r storage.RuleSettings) types.Rules {
	out := types.Rules{Buffer: r.Buffer, Cap: r.Cap, ZeroBelow: r.ZeroBelow, IgnoredSKU: r.IgnoredSKU, Mapping: r.Mapping, MissingSKUs: r.MissingSKUs, Drift: r.Drift}
	if out.MissingSKUs == "" {
		out.MissingSKUs = storage.MissingLeave
	}
	if out.Drift == "" {
		out.Drift = storage.DriftRepair
	}
	if out.IgnoredSKU == nil {
		out.IgnoredSKU = []string{}
	}
	if out.Mapping == nil {
		out.Mapping = map[string]string{}
	}
	return out
}

func itemDTO(it storage.Item) types.InventoryItem {
	out := types.InventoryItem{
		SKU: it.SKU, Name: it.Name, PublishedQty: it.PublishedQty, StoreQty: it.StoreQty,
		WarehouseUpdatedAt: it.WarehouseUpdatedAt, LastSyncedAt: it.LastSyncedAt, StoreSeenAt: it.StoreSeenAt, State: it.State, Error: it.LastError,
		Locations: []types.ItemAtLocation{}, Bundle: []types.BundleComponent{},
	}
	if it.WarehouseSeen {
		q := it.WarehouseQty
		out.WarehouseQty = &q
	}
	return out
}
