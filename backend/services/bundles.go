package services

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// BundleService manages a connection's bundles (kits): store listings
// whose quantity is built from warehouse SKUs. Shared by the window's
// Settings and `shelfsync bundles`.
type BundleService struct {
	db          *storage.DB
	connections *ConnectionService // loads the connection
	log         *slog.Logger
}

func newBundleService(db *storage.DB, connections *ConnectionService, log *slog.Logger) *BundleService {
	return &BundleService{db: db, connections: connections, log: log}
}

// List returns the connection's bundles in SKU order, each with how many
// it made at the last sync and which component limits it.
func (s *BundleService) List(id uint) ([]types.Bundle, error) {
	conn, err := s.connections.load(id)
	if err != nil {
		return nil, err
	}
	bundles, err := s.db.Bundles(conn.ID)
	if err != nil {
		return nil, err
	}
	view, err := s.componentView(conn.ID, bundles)
	if err != nil {
		return nil, err
	}
	made := inventory.BundleItems(view, bundles)
	out := make([]types.Bundle, 0, len(bundles))
	for i, b := range bundles {
		dto := types.Bundle{SKU: b.SKU, Components: make([]types.BundleComponent, 0, len(b.Components)), Note: made[i].Bundle.Sentence()}
		for _, c := range b.Components {
			dto.Components = append(dto.Components, types.BundleComponent{SKU: c.SKU, Qty: c.Qty})
		}
		if made[i].Problem == inventory.ProblemNone {
			q := made[i].Qty
			dto.Makes = &q
		}
		out = append(out, dto)
	}
	return out, nil
}

// Save adds a bundle, or replaces the recipe of the bundle with its SKU;
// renaming (a different SKU than before) removes the old one. It returns
// the bundles as they now are.
func (s *BundleService) Save(id uint, previousSKU string, b types.Bundle) ([]types.Bundle, error) {
	next := inventory.Bundle{SKU: strings.TrimSpace(b.SKU)}
	for _, c := range b.Components {
		next.Components = append(next.Components, inventory.Component{SKU: strings.TrimSpace(c.SKU), Qty: c.Qty})
	}
	err := s.change(id, func(all []inventory.Bundle) []inventory.Bundle {
		previousSKU = strings.TrimSpace(previousSKU)
		all = slices.DeleteFunc(all, func(x inventory.Bundle) bool { return x.SKU == next.SKU || x.SKU == previousSKU })
		return append(all, next)
	})
	if err != nil {
		return nil, errors.New(userSentence(s.log, err))
	}
	return s.List(id)
}

// Remove removes the bundle with a SKU. Its store listing is then fed by
// nothing: it keeps its last quantity, shown as "not fed by the warehouse".
func (s *BundleService) Remove(id uint, sku string) ([]types.Bundle, error) {
	sku = strings.TrimSpace(sku)
	found := false
	err := s.change(id, func(all []inventory.Bundle) []inventory.Bundle {
		return slices.DeleteFunc(all, func(x inventory.Bundle) bool {
			found = found || x.SKU == sku
			return x.SKU == sku
		})
	})
	if err != nil {
		return nil, errors.New(userSentence(s.log, err))
	}
	if !found {
		return nil, fmt.Errorf("There is no bundle %s in this connection; the list of bundles shows their SKUs.", sku)
	}
	return s.List(id)
}

// Import reads a CSV of bundle_sku,component_sku,qty lines (a header row
// is fine) and makes each bundle it names exactly the components it gives;
// bundles the file does not name are kept. Nothing is saved when a line is
// malformed or the recipes would not be publishable.
func (s *BundleService) Import(id uint, csvText string) (types.BundleImport, error) {
	imported, lines, err := ParseBundlesCSV(csvText)
	if err != nil {
		return types.BundleImport{}, errors.New(userSentence(s.log, err))
	}
	err = s.change(id, func(all []inventory.Bundle) []inventory.Bundle {
		all = slices.DeleteFunc(all, func(x inventory.Bundle) bool {
			return slices.ContainsFunc(imported, func(y inventory.Bundle) bool { return x.SKU == y.SKU })
		})
		return append(all, imported...)
	})
	if err != nil {
		return types.BundleImport{}, errors.New(userSentence(s.log, fmt.Errorf("the bundles file was not imported: %w", err)))
	}
	return types.BundleImport{Bundles: len(imported), Components: lines}, nil
}

// ParseBundlesCSV reads bundle_sku,component_sku,qty lines into bundles,
// naming the line of the first that is malformed. It returns the bundles
// and how many component lines it read.
func ParseBundlesCSV(csvText string) ([]inventory.Bundle, int, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\uFEFF")))
	r.FieldsPerRecord = -1
	var out []inventory.Bundle
	index := map[string]int{}
	n := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, 0, fmt.Errorf("the bundles file is not valid CSV: %v", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != 3 {
			return nil, 0, fmt.Errorf("line %d of the bundles file has %d column(s); each line needs bundle_sku, component_sku and qty", line, len(rec))
		}
		bundle, component, qtyText := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), strings.TrimSpace(rec[2])
		if n == 0 && len(out) == 0 && strings.Contains(strings.ToLower(bundle), "bundle") && strings.Contains(strings.ToLower(component), "component") {
			continue // the header row
		}
		if bundle == "" || component == "" {
			return nil, 0, fmt.Errorf("line %d of the bundles file has an empty SKU; give the bundle's SKU and the component's", line)
		}
		qty, err := strconv.Atoi(qtyText)
		if err != nil || qty < 1 {
			return nil, 0, fmt.Errorf("line %d of the bundles file gives %q as the units of %s in %s; give a whole number of 1 or more", line, qtyText, component, bundle)
		}
		i, ok := index[bundle]
		if !ok {
			i = len(out)
			index[bundle] = i
			out = append(out, inventory.Bundle{SKU: bundle})
		}
		out[i].Components = append(out[i].Components, inventory.Component{SKU: component, Qty: qty})
		n++
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("the bundles file has no lines; each line is bundle_sku,component_sku,qty")
	}
	return out, n, nil
}

// change applies edit to the connection's bundles, checks the result and
// saves it with the inventory rows it moves.
func (s *BundleService) change(id uint, edit func([]inventory.Bundle) []inventory.Bundle) error {
	conn, err := s.connections.load(id)
	if err != nil {
		return err
	}
	before, err := s.db.Bundles(conn.ID)
	if err != nil {
		return err
	}
	after := edit(slices.Clone(before))
	inventory.SortBundles(after)
	if err := inventory.CheckBundles(after); err != nil {
		return err
	}
	existing, added, err := s.bundleRows(conn, before, after)
	if err != nil {
		return err
	}
	return s.db.ReplaceBundles(conn.ID, after, existing, added)
}
