package storage

import (
	"fmt"

	"gorm.io/gorm"

	"shelfsync/backend/inventory"
)

// BundleComponent is one line of a connection's bundle recipes: the store
// listing BundleSKU takes Qty units of the warehouse SKU ComponentSKU.
// The table is new in this release: old databases simply have no rows.
type BundleComponent struct {
	ConnectionID uint   `gorm:"primaryKey;autoIncrement:false"`
	BundleSKU    string `gorm:"primaryKey"`
	ComponentSKU string `gorm:"primaryKey"`
	Qty          int    `gorm:"not null;default:1"`
}

// Bundles loads a connection's bundles, in SKU order with their
// components in SKU order.
func (db *DB) Bundles(connectionID uint) ([]inventory.Bundle, error) {
	var rows []BundleComponent
	if err := db.gorm.Where("connection_id = ?", connectionID).Order("bundle_sku, component_sku").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load the bundles of connection %d: %w", connectionID, err)
	}
	var out []inventory.Bundle
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].SKU != r.BundleSKU {
			out = append(out, inventory.Bundle{SKU: r.BundleSKU})
		}
		last := &out[len(out)-1]
		last.Components = append(last.Components, inventory.Component{SKU: r.ComponentSKU, Qty: r.Qty})
	}
	return out, nil
}

// RecipesOf is the recipes of those of skus that are bundles, by bundle
// SKU, components in SKU order: one page of the Inventory tab at a time.
func (db *DB) RecipesOf(connectionID uint, skus []string) (map[string][]inventory.Component, error) {
	var rows []BundleComponent
	if err := db.gorm.Where("connection_id = ? AND bundle_sku IN ?", connectionID, skus).Order("bundle_sku, component_sku").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load the recipes of connection %d's bundles: %w", connectionID, err)
	}
	out := map[string][]inventory.Component{}
	for _, r := range rows {
		out[r.BundleSKU] = append(out[r.BundleSKU], inventory.Component{SKU: r.ComponentSKU, Qty: r.Qty})
	}
	return out, nil
}

// ReplaceBundles makes bundles the connection's whole set of recipes and,
// in the same transaction, saves the inventory rows the change moves (the
// bundles' new quantities, a removed bundle's listing no longer fed), so
// the Inventory tab never shows recipes and quantities that disagree. The
// caller has checked the recipes (inventory.CheckBundles).
func (db *DB) ReplaceBundles(connectionID uint, bundles []inventory.Bundle, existing, added []Item) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("connection_id = ?", connectionID).Delete(&BundleComponent{}).Error; err != nil {
			return fmt.Errorf("replace the bundles of connection %d: %w", connectionID, err)
		}
		var rows []BundleComponent
		for _, b := range bundles {
			for _, c := range b.Components {
				rows = append(rows, BundleComponent{ConnectionID: connectionID, BundleSKU: b.SKU, ComponentSKU: c.SKU, Qty: c.Qty})
			}
		}
		if len(rows) > 0 {
			if err := tx.CreateInBatches(rows, 200).Error; err != nil {
				return fmt.Errorf("save the bundles of connection %d: %w", connectionID, err)
			}
		}
		if len(existing)+len(added) == 0 {
			return nil
		}
		return db.saveItems(tx, existing, added)
	})
}
