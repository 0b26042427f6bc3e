//go:build e2econnector

package main

// A warehouse made up for the browser test frontend/e2e/connector.e2e.mjs,
// compiled only into the binary that test builds (-tags e2econnector,
// scripts/e2e-serve.sh). It is declared here and nowhere else: the wizard
// draws its fields, Test connection opens it, Create keeps its secret out
// of the database and a sync reads it, all from this description alone,
// which is what "adding a connector touches its own package and one
// registration line" promises.

import (
	"context"
	"fmt"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

func init() {
	connector.Register(connector.Description{
		Kind: "bins", Side: connector.SideWarehouse, Label: "Bin shelf (made up for a test)",
		Fields: []connector.Field{
			{Key: "shelf", Label: "Shelf code", Placeholder: "A-7", Help: "Painted on the end of the shelf.", Required: true},
			{Key: "shelfKey", Label: "Shelf key", Secret: true, Required: true},
			{Key: "depotPassword", Label: "Depot password", Secret: true, Help: "Only a shelf in a depot has one.",
				ShownWhen: connector.ShownWhen{Field: "shelf", Prefixes: []string{"depot:"}}},
			{Key: "aisle", Label: "Aisle", Help: "Rarely needed: the shelf code names it.", Advanced: true},
		},
		Describe:  func(s map[string]string) string { return "Bin shelf " + s["shelf"] },
		ShortName: connector.ShortName{Field: "shelf", Format: "shelf {}"},
		OpenWarehouse: func(cfg connector.Config, _ connector.Env) (connector.Warehouse, error) {
			return binShelf{cfg}, nil
		},
	})
}

// binShelf holds three SKUs, and opens only with the key "open sesame".
type binShelf struct{ cfg connector.Config }

func (b binShelf) items() ([]inventory.WarehouseItem, error) {
	if b.cfg.Secrets["shelfKey"] != "open sesame" {
		return nil, fmt.Errorf("the shelf did not open with that key: %w", connector.ErrUnauthorized)
	}
	return []inventory.WarehouseItem{{SKU: "BIN-1", Qty: 4}, {SKU: "BIN-2", Qty: 0}, {SKU: "BIN-3", Qty: 11}}, nil
}

func (b binShelf) ReadItems(context.Context, time.Time) (connector.WarehouseRead, error) {
	items, err := b.items()
	return connector.WarehouseRead{Items: items, Complete: true}, err
}

func (b binShelf) Test(context.Context) (connector.TestResult, error) {
	items, err := b.items()
	if err != nil {
		return connector.TestResult{}, err
	}
	return connector.TestResult{Summary: fmt.Sprintf("Shelf %s holds %d SKUs", b.cfg.Settings["shelf"], len(items)), Sample: []string{items[0].SKU}, Count: len(items)}, nil
}
