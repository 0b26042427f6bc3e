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
// pragmas, in the plainest fast way: prepared multi-row statements inside
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
	// A result says what the store held before: a Full Sync read it, a
	// Smart Sync writes by the ids it stored and leaves it out.
	from := func(int) string { return "null" }
	if mode == inventory.ModeFull {
		from = func(i int) string { return strconv.Itoa(storeQty(i)) }
	}
	if err := insertHistory(ctx, tx, read.Items, from); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("floor: commit: %w", err)
	}
	return time.Since(t0), nil
}

// floorRows is how many rows one statement writes: multi-row statements
// beat a row a statement in the pure-Go driver (a call each), and past a
// few dozen rows binding grows quadratic (see storage's bulk.go).
const floorRows = 16

// execRows runs head + n row tuples (+ tail) for rows [0, total), floorRows
// at a time through one prepared statement and the remainder through a
// second, the fastest plain way to write many rows with this driver.
func execRows(ctx context.Context, tx *sql.Tx, head, tuple, tail string, total int, args func(dst []any, i int) []any) error {
	prepare := func(n int) (*sql.Stmt, error) {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(tuple)
		}
		b.WriteString(tail)
		return tx.PrepareContext(ctx, b.String())
	}
	var full *sql.Stmt
	var buf []any
	for start := 0; start < total; start += floorRows {
		n := min(floorRows, total-start)
		stmt := full
		if n < floorRows || full == nil {
			var err error
			if stmt, err = prepare(n); err != nil {
				return fmt.Errorf("floor: prepare: %w", err)
			}
			if n == floorRows {
				full = stmt
				defer full.Close()
			} else {
				defer stmt.Close()
			}
		}
		buf = buf[:0]
		for i := start; i < start+n; i++ {
			buf = args(buf, i)
		}
		if _, err := stmt.ExecContext(ctx, buf...); err != nil {
			return fmt.Errorf("floor: write rows %d-%d: %w", start, start+n-1, err)
		}
	}
	return nil
}

// The floor's rows hold what a Full Sync's rows hold, column for column
// (TestTheFloorWritesTheRowsAFullSyncWrites), with the columns empty in
// every row written as literals.
const floorItemColumns = `(connection_id, sku, name, warehouse_seen, warehouse_qty, warehouse_updated_at,
	published_qty, store_seen, store_sku, store_ref, store_parent_ref, store_qty, store_untracked, store_seen_at,
	baseline_qty, baseline_at, pending, last_error, last_synced_at, attention, state)`

const floorItemTuple = `(?, ?, ?, 1, ?, ?, ?, 1, ?, ?, '', ?, 0, NULL, ?, ?, 0, '', ?, '', 'in_sync')`

// insertItems is a first sync's rows: every SKU new, with what the
// warehouse said, what was published and confirmed, and when.
func (f *localFloor) insertItems(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem, at time.Time) error {
	return execRows(ctx, tx, "INSERT INTO items"+floorItemColumns+" VALUES ", floorItemTuple, "", len(items), func(dst []any, i int) []any {
		it := &items[i]
		return append(dst, floorConnectionID, it.SKU, it.Name, it.Qty, it.UpdatedAt, it.Qty, it.SKU, "ref-"+it.SKU, it.Qty, it.Qty, at, at)
	})
}

// updateItems is a Smart Sync's rows: each changed SKU's baseline read
// (the plan needs it) and its row moved to the new quantity, both by key
// and many rows a statement.
func (f *localFloor) updateItems(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem, at time.Time) error {
	for start := 0; start < len(items); start += floorRows {
		part := items[start:min(start+floorRows, len(items))]
		args := []any{floorConnectionID}
		marks := make([]string, len(part))
		for i, it := range part {
			args = append(args, it.SKU)
			marks[i] = "?"
		}
		rows, err := tx.QueryContext(ctx, `SELECT sku, baseline_qty FROM items WHERE connection_id = ? AND sku IN (`+strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return fmt.Errorf("floor: read baselines: %w", err)
		}
		for rows.Next() {
			var sku string
			var baseline sql.NullInt64
			if err := rows.Scan(&sku, &baseline); err != nil {
				rows.Close()
				return fmt.Errorf("floor: read baselines: %w", err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("floor: read baselines: %w", err)
		}
	}
	return execRows(ctx, tx, "INSERT INTO items"+floorItemColumns+" VALUES ", floorItemTuple,
		` ON CONFLICT (connection_id, sku) DO UPDATE SET warehouse_qty = excluded.warehouse_qty, warehouse_updated_at = excluded.warehouse_updated_at,
		published_qty = excluded.published_qty, store_qty = excluded.store_qty, baseline_qty = excluded.baseline_qty,
		baseline_at = excluded.baseline_at, last_synced_at = excluded.last_synced_at`, len(items), func(dst []any, i int) []any {
			it := &items[i]
			return append(dst, floorConnectionID, it.SKU, it.Name, it.Qty, it.UpdatedAt, it.Qty, it.SKU, "ref-"+it.SKU, it.Qty, it.Qty, at, at)
		})
}

// insertHistory writes the run's per-SKU results in the blocks the app
// keeps them in (see storage's history.go): the floor of keeping history
// at all, with a minimal run row for them to hang from.
func insertHistory(ctx context.Context, tx *sql.Tx, items []inventory.WarehouseItem, from func(i int) string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sync_runs(connection_id, status) VALUES (?, 'succeeded')`, floorConnectionID)
	if err != nil {
		return fmt.Errorf("floor: insert the run: %w", err)
	}
	runID, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("floor: the run's id: %w", err)
	}
	var blocks []string
	var b strings.Builder
	for start := 0; start < len(items); start += storage.HistoryBlockSize {
		part := items[start:min(start+storage.HistoryBlockSize, len(items))]
		b.Reset()
		b.WriteByte('[')
		for i, it := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `[%q,%s,%d,"ok",""]`, it.SKU, from(start+i), it.Qty)
		}
		b.WriteByte(']')
		blocks = append(blocks, b.String())
	}
	return execRows(ctx, tx, "INSERT INTO sync_run_item_blocks(run_id, count, items) VALUES ", "(?, ?, ?)", "", len(blocks), func(dst []any, i int) []any {
		return append(dst, runID, min(storage.HistoryBlockSize, len(items)-i*storage.HistoryBlockSize), blocks[i])
	})
}
