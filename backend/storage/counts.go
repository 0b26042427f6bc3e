package storage

import (
	"encoding/json"
	"fmt"
	"shelfsync/backend/types"

	"gorm.io/gorm"
)

// The Inventory tab's first page shows how many SKUs are in each state.
// Counting them reads every index entry of the connection: 87 ms at a
// million SKUs, on every visit. So the counts are kept with the generation
// of the inventory they were taken from: every transaction that writes
// items bumps the connection's generation (bumpItemsGen), and counts are
// used only while their generation is current, recounted otherwise.

// inventoryVersion is one connection's inventory generation and the state
// counts last taken, with the generation they were taken at.
type inventoryVersion struct {
	ConnectionID uint `gorm:"primaryKey;autoIncrement:false"`
	Gen          int64
	Counts       string
	CountsGen    int64
}

func (inventoryVersion) TableName() string { return "inventory_versions" }

// bumpItemsGen marks, inside a writing transaction, that a connection's
// items changed.
func bumpItemsGen(tx *gorm.DB, connectionID uint) error {
	err := tx.Exec(`INSERT INTO inventory_versions(connection_id, gen, counts, counts_gen) VALUES (?, 1, '', 0)
		ON CONFLICT(connection_id) DO UPDATE SET gen = inventory_versions.gen + 1`, connectionID).Error
	if err != nil {
		return fmt.Errorf("note the inventory change of connection %d: %w", connectionID, err)
	}
	return nil
}

// StateCounts is how many of a connection's items are in each state, from
// the kept counts when they are current.
func (db *DB) StateCounts(connectionID uint) (map[types.ItemState]int, error) {
	var v inventoryVersion
	if err := db.gorm.Where("connection_id = ?", connectionID).Limit(1).Find(&v).Error; err != nil {
		return nil, fmt.Errorf("read the state counts of connection %d: %w", connectionID, err)
	}
	if v.Counts != "" && v.CountsGen == v.Gen {
		counts := map[types.ItemState]int{}
		if json.Unmarshal([]byte(v.Counts), &counts) == nil {
			return counts, nil
		}
	}
	return db.recountStates(connectionID)
}

// recountStates counts in one read transaction, so the counts and the
// generation match, then keeps them unless a writer came in between.
func (db *DB) recountStates(connectionID uint) (map[types.ItemState]int, error) {
	counts := map[types.ItemState]int{}
	var gen int64
	err := db.gorm.Transaction(func(tx *gorm.DB) error {
		var gens []int64
		if err := tx.Raw(`SELECT gen FROM inventory_versions WHERE connection_id = ?`, connectionID).Scan(&gens).Error; err != nil {
			return err
		}
		if len(gens) == 1 {
			gen = gens[0]
		}
		rows, err := tx.Raw(`SELECT state, COUNT(*) FROM items WHERE connection_id = ? GROUP BY state`, connectionID).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state types.ItemState
			var n int
			if err := rows.Scan(&state, &n); err != nil {
				return err
			}
			counts[state] = n
		}
		return rows.Err()
	}, db.dialect.snapshot())
	if err != nil {
		return nil, fmt.Errorf("count inventory states of connection %d: %w", connectionID, err)
	}
	b, _ := json.Marshal(counts) // a map of counts cannot fail to encode
	// Kept only if the generation is still the one counted; a failure here
	// costs the next visit a recount, nothing else.
	_ = db.gorm.Exec(`INSERT INTO inventory_versions(connection_id, gen, counts, counts_gen) VALUES (?, ?, ?, ?)
		ON CONFLICT(connection_id) DO UPDATE SET counts = excluded.counts, counts_gen = excluded.counts_gen
		WHERE inventory_versions.gen = excluded.counts_gen`, connectionID, gen, string(b), gen).Error
	return counts, nil
}
