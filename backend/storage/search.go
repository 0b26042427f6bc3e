package storage

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// The Inventory tab's substring search reads a trigram full-text index of
// SKUs and names (items_fts). Keeping that index inside a sync's
// transaction, by triggers, cost a 100,000-SKU Full Sync 1.5 s of its
// 3.3 s: FTS5 tokenises some 28 trigrams a row, and the trigger was
// compiled into every one of the run's insert statements. So the index is
// kept after the fact. A row a sync inserts or renames is marked
// search_stale (a column default and one CASE in the upsert, no trigger),
// and CatchUpSearch indexes the marked rows in short transactions once the
// run is recorded. A search is exact all along: it reads the index for
// rows indexed and matches marked rows directly (see searchFilter).

// searchBatch rows are indexed per transaction: short enough that a sync
// waiting to record is never held up for long.
const searchBatch = 2000

func migrateSearch(g *gorm.DB) error {
	var hasColumn int
	if err := g.Raw(`SELECT COUNT(*) FROM pragma_table_info('items') WHERE name = 'search_stale'`).Scan(&hasColumn).Error; err != nil {
		return fmt.Errorf("check the search index: %w", err)
	}
	stmts := []string{
		// The index kept by triggers, from before: CatchUpSearch rebuilds
		// it as items_fts from the rows, which the new column marks stale.
		`DROP TRIGGER IF EXISTS items_search_insert`,
		`DROP TRIGGER IF EXISTS items_search_update`,
		`DROP TRIGGER IF EXISTS items_search_delete`,
		`DROP TABLE IF EXISTS items_search`,
		// The index keeps its own copy of the text, so a stale row's old
		// entry can be removed by rowid alone.
		`CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(sku, name, tokenize='trigram')`,
		// Deletes are rare (a connection removed) and must not leave hits
		// behind, so they go through a trigger.
		`CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN
			DELETE FROM items_fts WHERE rowid = old.rowid;
		END`,
	}
	if hasColumn == 0 {
		stmts = append(stmts, `ALTER TABLE items ADD COLUMN search_stale INTEGER NOT NULL DEFAULT 1`)
	}
	stmts = append(stmts, `CREATE INDEX IF NOT EXISTS idx_items_search_stale ON items(search_stale) WHERE search_stale = 1`)
	for _, stmt := range stmts {
		if err := g.Exec(stmt).Error; err != nil {
			return fmt.Errorf("create the search index: %w", err)
		}
	}
	return nil
}

// searchStaleOnUpsert is the upsert's SET term for the mark: a row whose
// name changed needs indexing again; a new row is marked by the default.
const searchStaleOnUpsert = "search_stale = CASE WHEN items.name IS excluded.name THEN items.search_stale ELSE 1 END"

// searchFilter is the WHERE term (and its arguments) for a search of three
// characters or more in one connection: rows the index finds, and marked
// rows matched directly; a marked row's old index entry no longer counts.
func searchFilter(connectionID uint, s string) (string, []any) {
	like := "%" + escapeLike(s) + "%"
	return `rowid IN (
			SELECT rowid FROM items_fts WHERE items_fts MATCH ?
			UNION ALL
			SELECT rowid FROM items WHERE search_stale = 1 AND connection_id = ? AND (sku LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')
		) AND (search_stale = 0 OR sku LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\')`,
		[]any{ftsPhrase(s), connectionID, like, like, like, like}
}

// fewMatches is the most matches a search may have to be read by rowid
// and sorted rather than found by walking the connection in order.
var fewMatches = 5000 // a variable so tests can take either path

// searchMatches counts, no further than limit+1, the rows a search of
// three characters or more matches: those the index finds (in any
// connection: an upper bound) and the marked rows of this connection that
// match directly.
func (db *DB) searchMatches(connectionID uint, s string, limit int) (int, error) {
	like := "%" + escapeLike(s) + "%"
	var n int
	err := db.gorm.Raw(`SELECT
		(SELECT COUNT(*) FROM (SELECT 1 FROM items_fts WHERE items_fts MATCH ? LIMIT ?)) +
		(SELECT COUNT(*) FROM (SELECT 1 FROM items WHERE search_stale = 1 AND connection_id = ? AND (sku LIKE ? ESCAPE '\' OR name LIKE ? ESCAPE '\') LIMIT ?))`,
		ftsPhrase(s), limit+1, connectionID, like, like, limit+1).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("search the inventory: %w", err)
	}
	return n, nil
}

// ftsPhrase quotes a search as one FTS5 phrase, so its characters are
// matched as they are, never read as query syntax.
func ftsPhrase(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// searchMu keeps CatchUpSearch to one at a time per process; another
// process doing the same only costs a little repeated work, never a wrong
// index, since each batch is one transaction.
var searchMu sync.Mutex

// CatchUpSearch indexes every row marked stale, searchBatch rows a
// transaction, and returns how many it indexed. It stops early, without
// harm, when ctx is done; a call while another runs returns at once.
func (db *DB) CatchUpSearch(ctx context.Context) (int, error) {
	if !db.dialect.searchIndexedAfterRuns() {
		return 0, nil
	}
	if !searchMu.TryLock() {
		return 0, nil
	}
	defer searchMu.Unlock()
	total := 0
	for ctx.Err() == nil {
		n, err := db.indexSearchBatch()
		if err != nil {
			return total, fmt.Errorf("update the search index: %w", err)
		}
		total += n
		if n < searchBatch {
			break
		}
	}
	return total, nil
}

// SearchStale counts rows waiting for the search index.
func (db *DB) SearchStale() (int64, error) {
	if !db.dialect.searchIndexedAfterRuns() {
		return 0, nil
	}
	var n int64
	err := db.gorm.Raw(`SELECT COUNT(*) FROM items WHERE search_stale = 1`).Scan(&n).Error
	return n, err
}

func (db *DB) indexSearchBatch() (int, error) {
	var indexed int
	err := db.gorm.Transaction(func(tx *gorm.DB) error {
		// The batch is the stale rows up to the searchBatch-th one.
		last := int64(math.MaxInt64)
		var bounds []int64
		if err := tx.Raw(`SELECT rowid FROM items WHERE search_stale = 1 ORDER BY rowid LIMIT 1 OFFSET ?`, searchBatch-1).Scan(&bounds).Error; err != nil {
			return err
		}
		if len(bounds) == 1 {
			last = bounds[0]
		}
		for _, stmt := range []string{
			`DELETE FROM items_fts WHERE rowid IN (SELECT rowid FROM items WHERE search_stale = 1 AND rowid <= ?)`,
			`INSERT INTO items_fts(rowid, sku, name) SELECT rowid, sku, name FROM items WHERE search_stale = 1 AND rowid <= ?`,
		} {
			if err := tx.Exec(stmt, last).Error; err != nil {
				return err
			}
		}
		res := tx.Exec(`UPDATE items SET search_stale = 0 WHERE search_stale = 1 AND rowid <= ?`, last)
		indexed = int(res.RowsAffected)
		return res.Error
	})
	return indexed, err
}
