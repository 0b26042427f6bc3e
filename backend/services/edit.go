package services

import (
	"fmt"
	"maps"
	"sort"
	"strings"

	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Editing a connection: the wizard's settings steps on a connection that
// exists, so a moved CSV file or a new Shopify token is fixed in place and
// the connection keeps its name, schedule, rules, inventory and history.

// withStoredSecrets is req with every secret left blank filled from the
// keyring: the edit form never shows a stored secret, and a blank field
// means "keep it".
func (s *ConnectionService) withStoredSecrets(conn storage.Connection, req types.NewConnection) (types.NewConnection, error) {
	if req.WarehouseKind != conn.WarehouseKind || req.StoreKind != conn.StoreKind {
		return req, fmt.Errorf("a connection keeps its warehouse and store kinds (%s and %s); to sync another kind, add a new connection", conn.WarehouseKind, conn.StoreKind)
	}
	out := req
	out.WarehouseSecrets, out.StoreSecrets = maps.Clone(req.WarehouseSecrets), maps.Clone(req.StoreSecrets)
	for side, dst := range map[string]*map[string]string{sideWarehouse: &out.WarehouseSecrets, sideStore: &out.StoreSecrets} {
		cfg, err := s.connectors.config(conn, side)
		if err != nil {
			return req, err
		}
		if *dst == nil {
			*dst = map[string]string{}
		}
		for key, stored := range cfg.Secrets {
			if strings.TrimSpace((*dst)[key]) == "" {
				(*dst)[key] = stored
			}
		}
	}
	return out, nil
}

// TestEdit tests a connection's edited settings before they are saved,
// with its stored secrets where the form left them blank.
func (s *ConnectionService) TestEdit(id uint, req types.NewConnection) (types.TestReport, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.TestReport{}, err
	}
	full, err := s.withStoredSecrets(conn, req)
	if err != nil {
		return types.TestReport{}, err
	}
	return s.Test(full)
}

// Update saves a connection's edited settings, and the secrets typed anew
// (blank ones are kept). A changed warehouse is read whole at the next
// sync: its watermark and read state belonged to the old source.
func (s *ConnectionService) Update(id uint, req types.NewConnection) (types.Connection, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	full, err := s.withStoredSecrets(conn, req)
	if err != nil {
		return types.Connection{}, err
	}
	if err := validateSides(full); err != nil {
		return types.Connection{}, err
	}
	warehouse := plainSettings(sideWarehouse, conn.WarehouseKind, req.WarehouseSettings)
	if !maps.Equal(warehouse, conn.WarehouseSettings) || typedAny(req.WarehouseSecrets) {
		conn.Watermark, conn.WarehouseReadState = nil, ""
	}
	conn.WarehouseSettings = warehouse
	conn.StoreSettings = plainSettings(sideStore, conn.StoreKind, req.StoreSettings)
	names := map[string]bool{}
	for _, n := range conn.SecretNames {
		names[n] = true
	}
	for side, secrets := range map[string]map[string]string{sideWarehouse: req.WarehouseSecrets, sideStore: req.StoreSecrets} {
		for key, value := range secrets {
			if strings.TrimSpace(value) == "" {
				continue
			}
			if err := s.secrets.Set(secretRef(conn.ID, side, key), value); err != nil {
				return types.Connection{}, fmt.Errorf("store the new %s %s in the keyring (the connection's settings were not changed): %w", side, key, err)
			}
			names[side+"/"+key] = true
		}
	}
	conn.SecretNames = conn.SecretNames[:0]
	for n := range names {
		conn.SecretNames = append(conn.SecretNames, n)
	}
	sort.Strings(conn.SecretNames)
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	s.events.ConnectionsChanged()
	return s.Get(conn.ID)
}

func typedAny(secrets map[string]string) bool {
	for _, v := range secrets {
		if strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}
