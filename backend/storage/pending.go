package storage

import (
	"fmt"

	"gorm.io/gorm"
)

// MarkPending marks SKUs pending before a run writes them to the store. A
// process that dies after the store took a write but before the run was
// recorded leaves the store holding a quantity no baseline knows of; the
// mark makes the next sync write those SKUs again instead of trusting the
// old baseline (which the warehouse may have come back to meanwhile).
func (db *DB) MarkPending(connectionID uint, skus []string) error {
	const chunk = 500 // well under SQLite's bound-variable limit
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		for start := 0; start < len(skus); start += chunk {
			part := skus[start:min(start+chunk, len(skus))]
			err := tx.Model(&Item{}).
				Where("connection_id = ? AND sku IN ? AND NOT pending", connectionID, part).
				Updates(map[string]any{"pending": true, "state": StatePending}).Error
			if err != nil {
				return fmt.Errorf("mark %d SKUs pending: %w", len(part), err)
			}
		}
		return bumpItemsGen(tx, connectionID)
	})
}
