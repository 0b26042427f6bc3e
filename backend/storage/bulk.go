package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

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
	"warehouse_facilities",
}

// itemArgs appends a row's values as the driver takes them: pointers
// dereferenced and ints widened here, where database/sql would reach them
// by reflection, and an absent value as an untyped nil (see sharedLiteral).
func itemArgs(args []any, it *Item) []any {
	return append(args, int64(it.ConnectionID), it.SKU, it.Name, it.WarehouseSeen, int64(it.WarehouseQty), timeArg(it.WarehouseUpdatedAt),
		intArg(it.PublishedQty), it.StoreSeen, it.StoreSKU, it.StoreRef, it.StoreParentRef, intArg(it.StoreQty),
		it.StoreUntracked, timeArg(it.StoreSeenAt), intArg(it.BaselineQty), timeArg(it.BaselineAt), it.Pending, it.LastError, timeArg(it.LastSyncedAt), string(it.Attention), string(it.State),
		it.WarehouseFacilities.arg())
}

func intArg(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func timeArg(p *time.Time) any {
	if p == nil {
		return nil
	}
	return *p
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

// updateItemsInPlace rewrites rows already in the table whose name and
// state stay as they are. Leaving those two out of the SET clause leaves
// the name, state and search indexes alone: SQLite rewrites an index
// entry for every row whose update names one of the index's columns,
// changed or not, and a Smart Sync's rows lie scattered over those
// indexes (a page read and written per row and index).
func updateItemsInPlace(tx *gorm.DB, items []Item) error {
	var set strings.Builder
	for _, c := range itemColumns[2:] {
		if c == "name" || c == "state" {
			continue
		}
		if set.Len() > 0 {
			set.WriteString(", ")
		}
		fmt.Fprintf(&set, "%s = excluded.%s", c, c)
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

// bulkInsert writes n rows bulkRows at a time. A column whose value is
// the same empty one (NULL, an empty string, 0, false) in every row of a statement is
// written as a literal instead of a parameter: binding costs the driver
// a search of all the statement's arguments per parameter, and such
// columns (no error, no parent, not flagged) are most of a row's on a
// large sync. Each shape of statement is prepared once.
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
	type shape struct {
		rows   int
		shared uint64 // bit c: column c is a literal
	}
	stmts := map[shape]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	width := len(columns)
	all := make([]any, 0, bulkRows*width)
	args := make([]any, 0, bulkRows*width)
	literals := make([]string, width)
	for i := 0; i < n; i += bulkRows {
		rows := min(bulkRows, n-i)
		all = all[:0]
		for j := i; j < i+rows; j++ {
			all = rowArgs(all, j)
		}
		var shared uint64
		for c := range min(width, 64) {
			lit, ok := sharedLiteral(all[c])
			for r := 1; ok && r < rows; r++ {
				l, same := sharedLiteral(all[r*width+c])
				ok = same && l == lit
			}
			if ok {
				shared |= 1 << c
				literals[c] = lit
			}
		}
		args = args[:0]
		for k, v := range all {
			if c := k % width; c >= 64 || shared&(1<<c) == 0 {
				args = append(args, v)
			}
		}
		st := stmts[shape{rows, shared}]
		if st == nil {
			var err error
			if st, err = conn.PrepareContext(ctx, insertSQL(table, columns, rows, shared, literals, suffix, postgres)); err != nil {
				return fmt.Errorf("prepare the %s insert: %w", table, err)
			}
			stmts[shape{rows, shared}] = st
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("write %s rows %d-%d: %w", table, i+1, i+rows, err)
		}
	}
	return nil
}

// sharedLiteral is the SQL literal of an empty value, which both SQLite
// and PostgreSQL read as the column's type.
func sharedLiteral(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "NULL", true
	case string:
		return "''", x == ""
	case bool:
		return "FALSE", !x
	case int64:
		return "0", x == 0
	}
	return "", false
}

// insertSQL is INSERT INTO table (columns) VALUES (…), … with rows groups
// of placeholders (? for SQLite, $n for PostgreSQL), or literals[c] for a
// column c whose bit is set in shared.
func insertSQL(table string, columns []string, rows int, shared uint64, literals []string, suffix string, numbered bool) string {
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
			switch {
			case c < 64 && shared&(1<<c) != 0:
				b.WriteString(literals[c])
			case numbered:
				k++
				b.WriteString("$" + strconv.Itoa(k))
			default:
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	b.WriteString(suffix)
	return b.String()
}
