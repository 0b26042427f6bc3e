package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// The two big writes of a run, its history (see history.go) and the
// inventory rows that changed, go through prepared multi-row statements instead of GORM's
// CreateInBatches. A profile of a 100,000-SKU Full Sync showed 80% of its
// time binding the parameters of GORM's 1,000-row statements: the pure-Go
// SQLite driver looks each of a statement's parameters up among all its
// arguments, which is quadratic in the statement's size. A statement of
// bulkRows rows binds in a blink and, prepared once per run, is parsed once.
const bulkRows = 16

// itemColumns are the items table's columns in Item's field order; the key
// (connection_id, sku) comes first.
var itemColumns = []string{
	"connection_id", "sku", "name", "warehouse_seen", "warehouse_qty", "warehouse_updated_at",
	"published_qty", "store_seen", "store_sku", "store_ref", "store_parent_ref", "store_qty",
	"store_untracked", "store_seen_at", "baseline_qty", "baseline_at", "pending", "last_error", "last_synced_at", "attention", "state",
}

func itemArgs(args []any, it *Item) []any {
	return append(args, it.ConnectionID, it.SKU, it.Name, it.WarehouseSeen, it.WarehouseQty, it.WarehouseUpdatedAt,
		it.PublishedQty, it.StoreSeen, it.StoreSKU, it.StoreRef, it.StoreParentRef, it.StoreQty,
		it.StoreUntracked, it.StoreSeenAt, it.BaselineQty, it.BaselineAt, it.Pending, it.LastError, it.LastSyncedAt, it.Attention, it.State)
}

// upsertItems inserts or replaces inventory rows inside tx.
func (db *DB) upsertItems(tx *gorm.DB, items []Item) error {
	var set strings.Builder
	for i, c := range itemColumns[2:] {
		if i > 0 {
			set.WriteString(", ")
		}
		fmt.Fprintf(&set, "%s = excluded.%s", c, c)
	}
	if extra := db.dialect.upsertItemsSet(); extra != "" {
		set.WriteString(", " + extra)
	}
	suffix := " ON CONFLICT (connection_id, sku) DO UPDATE SET " + set.String()
	return bulkInsert(tx, "items", itemColumns, suffix, len(items), func(args []any, i int) []any { return itemArgs(args, &items[i]) })
}

// insertItems inserts rows that are not in the table yet inside tx.
func insertItems(tx *gorm.DB, items []Item) error {
	return bulkInsert(tx, "items", itemColumns, "", len(items), func(args []any, i int) []any { return itemArgs(args, &items[i]) })
}

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// bulkInsert writes n rows bulkRows at a time through one prepared
// statement, and the remainder through a second.
func bulkInsert(tx *gorm.DB, table string, columns []string, suffix string, n int, rowArgs func(args []any, i int) []any) error {
	conn, ok := tx.Statement.ConnPool.(preparer)
	if !ok {
		return fmt.Errorf("write %s: the database handle cannot prepare statements", table)
	}
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	postgres := tx.Dialector.Name() == "postgres"
	prepare := func(rows int) (*sql.Stmt, error) {
		return conn.PrepareContext(ctx, insertSQL(table, columns, rows, suffix, postgres))
	}
	args := make([]any, 0, bulkRows*len(columns))
	var full *sql.Stmt
	i := 0
	for ; i+bulkRows <= n; i += bulkRows {
		if full == nil {
			var err error
			if full, err = prepare(bulkRows); err != nil {
				return fmt.Errorf("prepare the %s insert: %w", table, err)
			}
			defer full.Close()
		}
		args = args[:0]
		for j := i; j < i+bulkRows; j++ {
			args = rowArgs(args, j)
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("write %s rows %d-%d: %w", table, i+1, i+bulkRows, err)
		}
	}
	if rest := n - i; rest > 0 {
		stmt, err := prepare(rest)
		if err != nil {
			return fmt.Errorf("prepare the %s insert: %w", table, err)
		}
		defer stmt.Close()
		args = args[:0]
		for j := i; j < n; j++ {
			args = rowArgs(args, j)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("write %s rows %d-%d: %w", table, i+1, n, err)
		}
	}
	return nil
}

// insertSQL is INSERT INTO table (columns) VALUES (…), … with rows groups of
// placeholders: ? for SQLite, $n for PostgreSQL.
func insertSQL(table string, columns []string, rows int, suffix string, numbered bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	k := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range columns {
			if c > 0 {
				b.WriteString(", ")
			}
			k++
			if numbered {
				b.WriteString("$" + strconv.Itoa(k))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	b.WriteString(suffix)
	return b.String()
}
