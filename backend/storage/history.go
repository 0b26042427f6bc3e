package storage

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// A run's per-SKU results are stored in blocks: up to HistoryBlockSize of
// them in one row, as a JSON array of [sku, from, to, status, error]
// tuples, with expected and the store location after them when a result
// has one. One row per SKU cost a 100,000-SKU Full Sync 0.55 s of SQLite
// work (a row and an index entry each) and a 1,000,000-SKU one 6.6 s,
// for results that are only ever read a whole run at a time. JSON keeps
// them readable with SQLite's own functions (RunItems reads them so).
const HistoryBlockSize = 1000

// RunItemBlock is one row of a run's results.
type RunItemBlock struct {
	ID    uint `gorm:"primaryKey"`
	RunID uint `gorm:"index;not null"`
	// Count is how many results Items holds.
	Count int
	Items jsonText
}

// jsonText is a column of JSON: jsonb on PostgreSQL, which its functions
// read without parsing it again, and text on SQLite.
type jsonText string

// GormDBDataType gives AutoMigrate the column's type in each database.
func (jsonText) GormDBDataType(db *gorm.DB, _ *schema.Field) string {
	if db.Dialector.Name() == "postgres" {
		return "jsonb"
	}
	return "text"
}

// TableName keeps the table's name independent of the Go type's.
func (RunItemBlock) TableName() string { return "sync_run_item_blocks" }

var runItemBlockColumns = []string{"run_id", "count", "items"}

// insertRunItems writes a run's results inside tx.
func insertRunItems(tx *gorm.DB, runID uint, items []SyncRunItem) error {
	var blocks []RunItemBlock
	for start := 0; start < len(items); start += HistoryBlockSize {
		part := items[start:min(start+HistoryBlockSize, len(items))]
		blocks = append(blocks, RunItemBlock{RunID: runID, Count: len(part), Items: jsonText(appendRunItemsJSON(nil, part))})
	}
	return bulkInsert(tx, "sync_run_item_blocks", runItemBlockColumns, "", len(blocks), func(args []any, i int) []any {
		// As a plain string: the PostgreSQL driver would encode a named
		// string type as a JSON string of its own.
		return append(args, blocks[i].RunID, blocks[i].Count, string(blocks[i].Items))
	})
}

// RunItems loads a run's per-SKU results, by SKU.
func (db *DB) RunItems(runID uint) ([]SyncRunItem, error) {
	var out []SyncRunItem
	err := db.gorm.Raw(db.dialect.runItemsQuery(), runID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("read the results of run %d: %w", runID, err)
	}
	return out, nil
}

// HistoryItemCount is how many per-SKU results all runs hold.
func (db *DB) HistoryItemCount() (int64, error) {
	var n int64
	err := db.gorm.Raw(`SELECT COALESCE(SUM(count), 0) FROM sync_run_item_blocks`).Scan(&n).Error
	return n, err
}

// migrateHistory moves results from the one-row-per-SKU table of earlier
// SQLite versions into blocks, in one transaction, and drops that table.
func migrateHistory(g *gorm.DB) error {
	var old int
	if err := g.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_run_items'`).Scan(&old).Error; err != nil {
		return fmt.Errorf("check the history table: %w", err)
	}
	if old == 0 {
		return nil
	}
	return g.Transaction(func(tx *gorm.DB) error {
		for _, stmt := range []string{
			`INSERT INTO sync_run_item_blocks(run_id, count, items)
				SELECT run_id, COUNT(*), json_group_array(json_array(sku, from_qty, to_qty, status, error))
				FROM sync_run_items GROUP BY run_id`,
			`DROP TABLE sync_run_items`,
		} {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("move the sync history to its new table: %w", err)
			}
		}
		return nil
	})
}

// appendRunItemsJSON appends items as a JSON array of tuples. Written by
// hand: encoding/json would reflect over a million tuples one by one.
func appendRunItemsJSON(b []byte, items []SyncRunItem) []byte {
	b = append(b, '[')
	for i := range items {
		it := &items[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, it.SKU)
		b = append(b, ',')
		if it.FromQty == nil {
			b = append(b, "null"...)
		} else {
			b = strconv.AppendInt(b, int64(*it.FromQty), 10)
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(it.ToQty), 10)
		b = append(b, ',')
		b = appendJSONString(b, it.Status)
		b = append(b, ',')
		b = appendJSONString(b, it.Error)
		if it.Expected != nil || it.Location != "" {
			b = append(b, ',')
			if it.Expected == nil {
				b = append(b, "null"...)
			} else {
				b = strconv.AppendInt(b, int64(*it.Expected), 10)
			}
		}
		if it.Location != "" {
			b = append(b, ',')
			b = appendJSONString(b, it.Location)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, bytes that are not UTF-8 replaced.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, "\ufffd"...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}
