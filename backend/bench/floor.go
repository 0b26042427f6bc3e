package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
)

// localFloor measures, in the same process and run as the sync it stands
// beside, the least work a local sync cannot avoid: reading the feed and
// writing the rows the sync must keep (one inventory row per SKU it
// touched, and its history) with the same SQLite driver, schema and
// pragmas, in the plainest fast way: prepared statements in a loop inside
// one transaction. It has a database of its own, which it carries from one
// case to the next as the sync carries its own.
type localFloor struct {
	dir string
	db  *storage.DB
	// since is the feed's watermark, as the engine keeps it: a Smart
	// case's floor reads only what changed after the previous case.
	since time.Time
}

func newLocalFloor() (*localFloor, error) {
	dir, err := os.MkdirTemp("", "shelfsync-bench-floor-")
	if err != nil {
		return nil, fmt.Errorf("make the floor's data folder: %w", err)
	}
	db, err := storage.Open(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &localFloor{dir: dir, db: db}, nil
}

func (f *localFloor) close() {
	f.db.Close()
	os.RemoveAll(f.dir)
}

// floorConnectionID is the connection the floor's rows belong to; its
// database holds nothing else.
const floorConnectionID = 1

// measure runs the floor of one case and returns its wall time.
func (f *localFloor) measure(ctx context.Context, cat *catalogue, mode inventory.Mode) (time.Duration, error) {
	sqlDB, err := f.db.Gorm().DB()
	if err != nil {
		return 0, fmt.Errorf("floor: reach the database: %w", err)
	}
	t0 := time.Now()
	since := f.since
	if mode == inventory.ModeFull {
		since = time.Time{}
	}
	f.since = t0
	read, err := cat.ReadItems(ctx, since)
	if err != nil {
		return 0, fmt.Errorf("floor: read the feed: %w", err)
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("floor: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op; before it, the error is already being returned
	write := f.insertItems
	if mode == inventory.ModeSmart {
		write = f.updateItems
	}
	if err := write(ctx, tx, read.Items, t0); err != nil {
		return 0, err
	}
	if err := insertHistory(ctx, tx, read.Items); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("floor: commit: %w", err)
	}
	return time.Since(t0), nil
}

// insertItems is a first sync's rows: every SKU new, with what the
// warehouse said, what was published and confirmed, and when.
func (f *localFloor) insertItems(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem, at time.Time) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO items(connection_id, sku, name, warehouse_seen, warehouse_qty, warehouse_updated_at,
		published_qty, store_seen, store_sku, store_ref, store_qty, baseline_qty, baseline_at, pending, last_error, last_synced_at, state)
		VALUES (?, ?, ?, 1, ?, ?, ?, 1, ?, ?, ?, ?, ?, 0, '', ?, 'in_sync')`)
	if err != nil {
		return fmt.Errorf("floor: prepare the insert: %w", err)
	}
	defer stmt.Close()
	for i, it := range items {
		if _, err := stmt.ExecContext(ctx, floorConnectionID, it.SKU, it.Name, it.Qty, it.UpdatedAt,
			it.Qty, it.SKU, "ref-"+strconv.Itoa(i), it.Qty, it.Qty, at, at); err != nil {
			return fmt.Errorf("floor: insert %s: %w", it.SKU, err)
		}
	}
	return nil
}

// updateItems is a Smart Sync's rows: each changed SKU's baseline looked
// up (the plan needs it) and its row moved to the new quantity.
func (f *localFloor) updateItems(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem, at time.Time) error {
	lookup, err := tx.PrepareContext(ctx, `SELECT baseline_qty FROM items WHERE connection_id = ? AND sku = ?`)
	if err != nil {
		return fmt.Errorf("floor: prepare the lookup: %w", err)
	}
	defer lookup.Close()
	update, err := tx.PrepareContext(ctx, `UPDATE items SET warehouse_qty = ?, warehouse_updated_at = ?, published_qty = ?,
		store_qty = ?, baseline_qty = ?, baseline_at = ?, last_synced_at = ? WHERE connection_id = ? AND sku = ?`)
	if err != nil {
		return fmt.Errorf("floor: prepare the update: %w", err)
	}
	defer update.Close()
	for _, it := range items {
		var baseline sql.NullInt64
		if err := lookup.QueryRowContext(ctx, floorConnectionID, it.SKU).Scan(&baseline); err != nil {
			return fmt.Errorf("floor: look up %s: %w", it.SKU, err)
		}
		if _, err := update.ExecContext(ctx, it.Qty, it.UpdatedAt, it.Qty, it.Qty, it.Qty, at, at, floorConnectionID, it.SKU); err != nil {
			return fmt.Errorf("floor: update %s: %w", it.SKU, err)
		}
	}
	return nil
}

// insertHistory writes the run's per-SKU results in the blocks the app
// keeps them in (see storage's history.go): the floor of keeping history
// at all, with a minimal run row for them to hang from.
func insertHistory(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sync_runs(connection_id, status) VALUES (?, 'succeeded')`, floorConnectionID)
	if err != nil {
		return fmt.Errorf("floor: insert the run: %w", err)
	}
	runID, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("floor: the run's id: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO sync_run_item_blocks(run_id, count, items) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("floor: prepare the history insert: %w", err)
	}
	defer stmt.Close()
	var b strings.Builder
	for start := 0; start < len(items); start += storage.HistoryBlockSize {
		part := items[start:min(start+storage.HistoryBlockSize, len(items))]
		b.Reset()
		b.WriteByte('[')
		for i, it := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `[%q,null,%d,"ok",""]`, it.SKU, it.Qty)
		}
		b.WriteByte(']')
		if _, err := stmt.ExecContext(ctx, runID, len(part), b.String()); err != nil {
			return fmt.Errorf("floor: insert history block: %w", err)
		}
	}
	return nil
}
