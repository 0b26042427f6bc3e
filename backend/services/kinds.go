package services

import (
	"fmt"
	"strings"
	"time"

	"shelfsync/backend/connector"
	// Every connector ShelfSync ships registers itself.
	_ "shelfsync/backend/connector/all"
	"shelfsync/backend/inventory"
	"shelfsync/backend/logs"
	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Sides of a connection, as secret references name them.
const (
	sideWarehouse = string(connector.SideWarehouse)
	sideStore     = string(connector.SideStore)
)

// The kinds, their fields and how to open them are the connectors' own
// descriptions (connector.Register, each package's describe.go); this file
// only reads them.

// kindDTO is a registered kind as the wizard draws it.
func kindDTO(d connector.Description) types.Kind {
	k := types.Kind{Kind: d.Kind, Side: string(d.Side), Label: d.Label, Fields: []types.Field{}}
	for _, f := range d.Fields {
		if f.Hidden {
			continue
		}
		k.Fields = append(k.Fields, types.Field{
			Key: f.Key, Label: f.Label, Placeholder: f.Placeholder, Help: f.Help, Secret: f.Secret, Required: f.Required, Advanced: f.Advanced,
			ShownWhen: types.FieldCondition{Field: f.ShownWhen.Field, Prefixes: append([]string{}, f.ShownWhen.Prefixes...)},
		})
	}
	k.Limits = []types.Limit{}
	for _, l := range d.Limits {
		k.Limits = append(k.Limits, types.Limit{Key: l.Key, Default: l.Default, Unit: l.Unit})
	}
	return k
}

func findKind(side, kind string) (connector.Description, bool) {
	return connector.Lookup(connector.Side(side), kind)
}

func kindNames(side string) string { return connector.KindNames(connector.Side(side)) }

// isSecretField tells whether a kind's field is a secret.
func isSecretField(side, kind, key string) bool {
	k, ok := findKind(side, kind)
	if !ok {
		return false
	}
	f, ok := k.Field(key)
	return ok && f.Secret
}

// connectors opens a connection's connectors (the engine's Opener),
// fetching its secrets from the secret store; the masker learns each
// secret read, so none reaches the log.
type connectors struct {
	secrets secrets.Store
	masker  *logs.Masker
	dataDir string
	now     func() time.Time
}

func (o connectors) Open(c storage.Connection) (connector.Warehouse, connector.Store, error) {
	wcfg, err := o.config(c, sideWarehouse)
	if err != nil {
		return nil, nil, err
	}
	scfg, err := o.config(c, sideStore)
	if err != nil {
		return nil, nil, err
	}
	r := redactorOf(wcfg, scfg)
	wh, err := connector.OpenWarehouse(wcfg, o.env())
	if err != nil {
		return nil, nil, fmt.Errorf("open the warehouse: %w", r.Error(err))
	}
	st, err := connector.OpenStore(scfg, o.env())
	if err != nil {
		return nil, nil, fmt.Errorf("open the store: %w", r.Error(err))
	}
	return redactedWarehouse{wh, r}, redactStore(st, r), nil
}

func (o connectors) env() connector.Env { return connector.Env{Now: o.now} }

// config builds a side's config with its secrets from the store.
func (o connectors) config(conn storage.Connection, side string) (connector.Config, error) {
	cfg := connector.Config{DataDir: o.dataDir, ConnectionID: conn.ID, Secrets: map[string]string{}}
	if side == sideWarehouse {
		cfg.Kind, cfg.Settings = conn.WarehouseKind, conn.WarehouseSettings
		cfg.ReadState = conn.WarehouseReadState
		cfg.ReadFacilities = namesFacilities(conn.LocationMap)
	} else {
		cfg.Kind, cfg.Settings = conn.StoreKind, conn.StoreSettings
		cfg.Locations = inventory.LocationMap(conn.LocationMap).Locations()
	}
	if cfg.Settings == nil {
		cfg.Settings = map[string]string{}
	}
	prefix := side + "/"
	for _, name := range conn.SecretNames {
		key, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		v, err := o.secrets.Get(secretRef(conn.ID, side, key))
		if err != nil {
			return cfg, fmt.Errorf("read the %s %s from the keyring (enter it again in Settings): %w", side, key, err)
		}
		cfg.Secrets[key] = v
		o.masker.Add(v)
	}
	return cfg, nil
}

func secretRef(connectionID uint, side, key string) string {
	return fmt.Sprintf("%d/%s/%s", connectionID, side, key)
}

// namesFacilities is whether a location map feeds a location from
// particular facilities rather than the whole warehouse.
func namesFacilities(m map[string][]string) bool {
	for _, facilities := range m {
		for _, f := range facilities {
			if f != inventory.AllFacilities {
				return true
			}
		}
	}
	return false
}
