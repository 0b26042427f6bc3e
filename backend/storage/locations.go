package storage

import (
	"fmt"
	"sort"
	"time"

	"shelfsync/backend/types"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ItemLocation is one SKU at one store location, on a connection with a
// location map: what the facilities feeding the location hold, what was
// published there and what the store confirmed there. The SKU's Item row
// keeps the sums over its locations, so the Inventory tab's state, counts
// and search stay one indexed query.
type ItemLocation struct {
	ConnectionID uint   `gorm:"primaryKey;autoIncrement:false"`
	SKU          string `gorm:"primaryKey"`
	Location     string `gorm:"primaryKey"`
	// WarehouseQty is the sum over the facilities that feed the location.
	WarehouseQty int
	PublishedQty *int
	StoreQty     *int
	BaselineQty  *int
	BaselineAt   *time.Time
	Pending      bool
	LastError    string
	LastSyncedAt *time.Time
}

// ItemLocations loads every location row of a connection.
func (db *DB) ItemLocations(connectionID uint) ([]ItemLocation, error) {
	var out []ItemLocation
	if err := db.gorm.Where("connection_id = ?", connectionID).Order("sku, location").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("load the stock by location of connection %d: %w", connectionID, err)
	}
	return out, nil
}

// ItemLocationsOf loads the location rows of some SKUs of a connection,
// by SKU (the Inventory tab's breakdown of a page).
func (db *DB) ItemLocationsOf(connectionID uint, skus []string) (map[string][]ItemLocation, error) {
	out := map[string][]ItemLocation{}
	const chunk = 500 // well under SQLite's bound-variable limit
	for start := 0; start < len(skus); start += chunk {
		var rows []ItemLocation
		part := skus[start:min(start+chunk, len(skus))]
		if err := db.gorm.Where("connection_id = ? AND sku IN ?", connectionID, part).Order("sku, location").Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("load the stock by location of connection %d: %w", connectionID, err)
		}
		for _, r := range rows {
			out[r.SKU] = append(out[r.SKU], r)
		}
	}
	return out, nil
}

// saveItemLocations upserts location rows inside tx.
func saveItemLocations(tx *gorm.DB, rows []ItemLocation) error {
	if len(rows) == 0 {
		return nil
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].SKU != rows[j].SKU {
			return rows[i].SKU < rows[j].SKU
		}
		return rows[i].Location < rows[j].Location
	})
	err := tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(rows, 500).Error
	if err != nil {
		return fmt.Errorf("save the stock of %d SKU locations: %w", len(rows), err)
	}
	return nil
}

// SetLocationMap replaces a connection's location map; nil goes back to
// the default (every facility into the store's primary location). The
// baselines a location confirmed stay while the new map still feeds it
// (they are facts about the store); the rows of locations it no longer
// feeds are dropped, so a location fed again is written in full. Every
// published SKU becomes pending: what the store should hold at each
// location changed with the map, and the SKU's own baseline (the sum over
// the old locations) says nothing of the new ones.
func (db *DB) SetLocationMap(connectionID uint, m map[string][]string) error {
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Connection{ID: connectionID}).Select("location_map").Updates(&Connection{LocationMap: m})
		if res.Error != nil {
			return fmt.Errorf("save the location map of connection %d: %w", connectionID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("there is no connection %d", connectionID)
		}
		fed := []string{}
		for loc, facilities := range m {
			if len(facilities) > 0 {
				fed = append(fed, loc)
			}
		}
		q := tx.Where("connection_id = ?", connectionID)
		if len(fed) > 0 {
			q = q.Where("location NOT IN ?", fed)
		}
		if err := q.Delete(&ItemLocation{}).Error; err != nil {
			return fmt.Errorf("forget the stock of locations no longer fed: %w", err)
		}
		err := tx.Exec(`UPDATE items SET pending = ?, state = ? WHERE connection_id = ? AND published_qty IS NOT NULL AND state IN (?, ?, ?)`,
			true, types.StatePending, connectionID, types.StateInSync, types.StateChanged, types.StateDrifted).Error
		if err != nil {
			return fmt.Errorf("mark the SKUs to write under the new location map: %w", err)
		}
		return bumpItemsGen(tx, connectionID)
	})
}

// MarkLocationsInFlight marks SKU-locations a located run is about to
// write pending, with their SKUs' rows, before the first write: the
// write-ahead marks of a run with a location map (see pending.go for
// those of a run without). Each confirmed batch clears its own as it is
// recorded, so a run killed mid-push leaves pending exactly the writes
// the store may have taken unconfirmed, and the next sync writes those
// again and no others.
func (db *DB) MarkLocationsInFlight(connectionID uint, keys []ItemLocation) error {
	if len(keys) == 0 {
		return nil
	}
	return db.gorm.Transaction(func(tx *gorm.DB) error {
		skus := make([]string, 0, len(keys))
		for _, k := range keys {
			err := tx.Exec("UPDATE item_locations SET pending = ? WHERE connection_id = ? AND sku = ? AND location = ?", true, connectionID, k.SKU, k.Location).Error
			if err != nil {
				return fmt.Errorf("mark %s at %s as being written: %w", k.SKU, k.Location, err)
			}
			if len(skus) == 0 || skus[len(skus)-1] != k.SKU {
				skus = append(skus, k.SKU)
			}
		}
		const chunk = 500 // well under SQLite's bound-variable limit
		for start := 0; start < len(skus); start += chunk {
			part := skus[start:min(start+chunk, len(skus))]
			err := tx.Exec("UPDATE items SET pending = ?, state = ? WHERE connection_id = ? AND sku IN ?", true, types.StatePending, connectionID, part).Error
			if err != nil {
				return fmt.Errorf("mark the SKUs being written pending: %w", err)
			}
		}
		return bumpItemsGen(tx, connectionID)
	})
}
