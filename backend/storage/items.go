package storage

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"shelfsync/backend/types"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// DeriveState is an item's state as the Inventory tab shows it.
func DeriveState(it *Item, ignored, storeCreatesListings bool) types.ItemState {
	switch {
	case ignored:
		return types.StateIgnored
	case it.Attention != "" && it.Pending && it.LastError != "":
		return types.StateFailed // a write the rules asked for (a missing SKU set to 0) failed
	case it.Attention != "":
		return it.Attention
	case it.StoreUntracked && it.StoreSeen && it.WarehouseSeen:
		return types.StateNotTracked
	case !it.WarehouseSeen && it.StoreSeen && it.BaselineQty != nil:
		return types.StateNotFed
	case !it.WarehouseSeen || (!it.StoreSeen && !storeCreatesListings):
		return types.StateUnmapped
	case it.Pending && it.LastError != "":
		return types.StateFailed
	case it.Pending:
		return types.StatePending
	case it.PublishedQty == nil || it.BaselineQty == nil || *it.PublishedQty != *it.BaselineQty:
		return types.StateChanged
	case it.StoreQty != nil && *it.StoreQty != *it.PublishedQty:
		return types.StateDrifted // the store confirmed the published quantity, then moved
	}
	return types.StateInSync
}

// Items loads every item of a connection (the engine's starting point).
func (db *DB) Items(connectionID uint) ([]Item, error) {
	var n int64
	if err := db.gorm.Model(&Item{}).Where("connection_id = ?", connectionID).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("count inventory of connection %d: %w", connectionID, err)
	}
	return db.queryItems(int(n), "connection_id = ?", connectionID)
}

// ItemsNeedingAttention loads the items a Smart Sync can have to push when
// the rest are known to be in sync: the SKUs just read, plus every item that
// is pending, failed or changed. (A pending item's state is pending or
// failed unless it is unmapped or ignored, which no sync can push.) The
// state index makes this three seeks, not a scan.
func (db *DB) ItemsNeedingAttention(connectionID uint, skus []string) ([]Item, error) {
	out, err := db.queryItems(0, "connection_id = ? AND state IN (?, ?, ?, ?)", connectionID, types.StateChanged, types.StatePending, types.StateFailed, types.StateDrifted)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(out)+len(skus))
	for _, it := range out {
		seen[it.SKU] = true
	}
	more, err := db.ItemsBySKU(connectionID, skus)
	if err != nil {
		return nil, err
	}
	for _, it := range more {
		if !seen[it.SKU] {
			seen[it.SKU] = true
			out = append(out, it)
		}
	}
	return out, nil
}

// queryItems scans items straight into structs, without GORM's reflection.
func (db *DB) queryItems(sizeHint int, where string, args ...any) ([]Item, error) {
	rows, err := db.gorm.Raw("SELECT "+strings.Join(itemColumns, ", ")+" FROM items WHERE "+where, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	defer rows.Close()
	out := make([]Item, 0, sizeHint)
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ConnectionID, &it.SKU, &it.Name, &it.WarehouseSeen, &it.WarehouseQty, &it.WarehouseUpdatedAt,
			&it.PublishedQty, &it.StoreSeen, &it.StoreSKU, &it.StoreRef, &it.StoreParentRef, &it.StoreQty,
			&it.StoreUntracked, &it.StoreSeenAt, &it.BaselineQty, &it.BaselineAt, &it.Pending, &it.LastError, &it.LastSyncedAt, &it.Attention, &it.State,
			&it.WarehouseFacilities); err != nil {
			return nil, fmt.Errorf("load inventory: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load inventory: %w", err)
	}
	return out, nil
}

// ItemCounts are tallies a Smart Sync's fast path reads instead of loading
// every row.
type ItemCounts struct {
	Mapped      int // items with a published quantity
	Unmapped    int
	NotFed      int
	NotTracked  int
	StoreCached bool // some item's store id and quantity are stored
}

// CountItems tallies a connection's items from its state counts, without
// reading the rows.
func (db *DB) CountItems(connectionID uint) (ItemCounts, error) {
	var c ItemCounts
	states, err := db.StateCounts(connectionID)
	if err != nil {
		return c, err
	}
	err = db.gorm.Raw(`SELECT EXISTS (SELECT 1 FROM items WHERE connection_id = ? AND store_seen)`, connectionID).Row().Scan(&c.StoreCached)
	if err != nil {
		return c, fmt.Errorf("count inventory of connection %d: %w", connectionID, err)
	}
	for state, n := range states {
		switch state {
		case types.StateUnmapped:
			c.Unmapped += n
		case types.StateNotFed:
			c.NotFed += n
		case types.StateNotTracked:
			c.NotTracked += n
		case types.StateIgnored, types.StateMissingFromFeed, types.StateConflictingRows, types.StateInvalidQuantity:
		default:
			c.Mapped += n
		}
	}
	return c, nil
}

// HasBaseline tells whether the store ever confirmed a quantity.
func (db *DB) HasBaseline(connectionID uint) (bool, error) {
	// EXISTS stops at the first row; COUNT(*) … LIMIT 1 counted them all
	// (20 ms of a 150 ms Smart Sync at 100,000 SKUs).
	var found bool
	err := db.gorm.Raw(`SELECT EXISTS (SELECT 1 FROM items WHERE connection_id = ? AND baseline_qty IS NOT NULL)`, connectionID).Scan(&found).Error
	return found, err
}

// ItemQuery asks for one keyset page of items.
type ItemQuery struct {
	ConnectionID uint
	Search       string
	// States keeps only items in one of these states (all when empty).
	States []types.ItemState
	SortBy types.SortKey
	Desc   bool
	After  string
	Limit  int
}

// ItemPage is one page of items.
type ItemPage struct {
	Items []Item
	Next  string
	// Total and StateCounts are filled on the first page only: counting a
	// million rows on every scroll would cost more than the page itself.
	Total       int
	StateCounts map[types.ItemState]int
}

type sortSpec struct {
	expr    string
	numeric bool
	// time: expr is a timestamp column, sorted as text (dialect.timeText)
	// with "" for none.
	time bool
}

var sortColumns = map[types.SortKey]sortSpec{
	"":                           {expr: "sku"},
	types.SortSKU:                {expr: "sku"},
	types.SortName:               {expr: "name"},
	types.SortWarehouseQty:       {expr: "warehouse_qty", numeric: true},
	types.SortPublishedQty:       {expr: "COALESCE(published_qty, -1)", numeric: true},
	types.SortStoreQty:           {expr: "COALESCE(store_qty, -1)", numeric: true},
	types.SortWarehouseUpdatedAt: {expr: "warehouse_updated_at", time: true},
	types.SortLastSyncedAt:       {expr: "last_synced_at", time: true},
	types.SortState:              {expr: "state"},
}

type cursor struct {
	Key string `json:"k"`
	SKU string `json:"s"`
}

// ItemsPage returns one page, sorted and filtered in SQLite.
func (db *DB) ItemsPage(q ItemQuery) (ItemPage, error) {
	spec, ok := sortColumns[q.SortBy]
	if !ok {
		return ItemPage{}, fmt.Errorf("cannot sort by %q", q.SortBy)
	}
	if spec.time {
		spec.expr = "COALESCE(" + db.dialect.timeText(spec.expr) + ", '')"
	}
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 200
	}
	s := strings.TrimSpace(q.Search)
	// A search with few matches reads them by rowid and sorts them; left to
	// itself SQLite walked the SKU index in order, testing every row of the
	// connection against the matches (230 ms at a million SKUs for 100
	// matches). One with many walks the connection in order, which meets a
	// page of them at once. Its counts still come from the index unless the
	// matches are a large share of the connection: counting 5,533 matches
	// of 100,000 by testing every row took 200 ms, by rowid 15 ms. A "+"
	// keeps a column's index out of a plan. PostgreSQL needs none of this:
	// its planner weighs the trigram index against the order by itself.
	few, countByRowid := false, false
	if len([]rune(s)) >= 3 && db.dialect.searchIndexedAfterRuns() {
		limit := fewMatches
		if q.After == "" { // the first page has counts to take
			states, err := db.StateCounts(q.ConnectionID)
			if err != nil {
				return ItemPage{}, err
			}
			total := 0
			for _, n := range states {
				total += n
			}
			limit = max(fewMatches, total/4)
		}
		n, err := db.searchMatches(q.ConnectionID, s, limit)
		if err != nil {
			return ItemPage{}, err
		}
		few, countByRowid = n <= fewMatches, n <= limit
	}
	filtered := func(byRowid bool) *gorm.DB {
		plus := ""
		if byRowid {
			plus = "+"
		}
		tx := db.gorm.Model(&Item{}).Where(plus+"connection_id = ?", q.ConnectionID)
		switch {
		case byRowid:
			// The trigram index finds substrings of three characters or
			// more, case-insensitively, in either column.
			where, args := searchFilter(q.ConnectionID, s)
			tx = tx.Where(where, args...)
		case s != "":
			// Short, or walking the connection in order: test each row.
			like, op := "%"+escapeLike(s)+"%", db.dialect.like()
			tx = tx.Where(`(sku `+op+` ? ESCAPE '\' OR name `+op+` ? ESCAPE '\')`, like, like)
		}
		return tx
	}
	col := func(name string) string {
		if few {
			return "+" + name
		}
		return name
	}

	tx := filtered(few)
	switch len(q.States) {
	case 0:
	case 1:
		tx = tx.Where(col("state")+" = ?", q.States[0])
	default:
		tx = tx.Where(col("state")+" IN ?", q.States)
	}
	sortExpr := spec.expr
	if few {
		sortExpr = "+(" + spec.expr + ")"
	}
	cmp, dir := ">", "ASC"
	if q.Desc {
		cmp, dir = "<", "DESC"
	}
	if q.After != "" {
		c, err := decodeCursor(q.After)
		if err != nil {
			return ItemPage{}, err
		}
		var key any = c.Key
		if spec.numeric {
			n, err := strconv.ParseInt(c.Key, 10, 64)
			if err != nil {
				return ItemPage{}, fmt.Errorf("bad page cursor")
			}
			key = n
		}
		tx = tx.Where(fmt.Sprintf("(%s, %s) %s (?, ?)", sortExpr, col("sku"), cmp), key, c.SKU)
	}
	type row struct {
		Item
		SortKey string
	}
	var rows []row
	err := tx.Select("items.*, " + spec.expr + " AS sort_key").
		Order(fmt.Sprintf("%s %s, %s %s", sortExpr, dir, col("sku"), dir)).
		Limit(q.Limit + 1).Scan(&rows).Error
	if err != nil {
		return ItemPage{}, fmt.Errorf("read inventory page: %w", err)
	}
	page := ItemPage{}
	if len(rows) > q.Limit {
		last := rows[q.Limit-1]
		page.Next = encodeCursor(cursor{Key: last.SortKey, SKU: last.SKU})
		rows = rows[:q.Limit]
	}
	page.Items = make([]Item, len(rows))
	for i, r := range rows {
		page.Items[i] = r.Item
	}

	if q.After == "" && s == "" {
		counts, err := db.StateCounts(q.ConnectionID)
		if err != nil {
			return ItemPage{}, err
		}
		page.StateCounts = counts
		for state, n := range counts {
			if len(q.States) == 0 || slices.Contains(q.States, state) {
				page.Total += n
			}
		}
	} else if q.After == "" {
		type stateCount struct {
			State types.ItemState
			N     int
		}
		var counts []stateCount
		if err := filtered(countByRowid).Select("state, COUNT(*) AS n").Group("state").Scan(&counts).Error; err != nil {
			return ItemPage{}, fmt.Errorf("count inventory states: %w", err)
		}
		page.StateCounts = map[types.ItemState]int{}
		for _, c := range counts {
			page.StateCounts[c.State] = c.N
			if len(q.States) == 0 || slices.Contains(q.States, c.State) {
				page.Total += c.N
			}
		}
	}
	return page, nil
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c) // strings and numbers cannot fail to encode
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return c, fmt.Errorf("bad page cursor")
	}
	return c, nil
}

// WarehouseListsAmong tells which of skus the connection's warehouse listed
// at its last run, for checks that must not read the whole inventory (a
// new SKU mapping against a large catalogue).
func (db *DB) WarehouseListsAmong(connectionID uint, skus []string) (map[string]bool, error) {
	out := make(map[string]bool, len(skus))
	const chunk = 500 // well under SQLite's bound-variable limit
	for start := 0; start < len(skus); start += chunk {
		part := skus[start:min(start+chunk, len(skus))]
		args := make([]any, 0, len(part)+1)
		args = append(args, connectionID)
		for _, s := range part {
			args = append(args, s)
		}
		var found []string
		err := db.gorm.Raw("SELECT sku FROM items WHERE connection_id = ? AND warehouse_seen AND sku IN (?"+strings.Repeat(", ?", len(part)-1)+")", args...).Scan(&found).Error
		if err != nil {
			return nil, fmt.Errorf("look up warehouse SKUs of connection %d: %w", connectionID, err)
		}
		for _, s := range found {
			out[s] = true
		}
	}
	return out, nil
}

// ItemsInState loads a connection's items in one state, by SKU.
func (db *DB) ItemsInState(connectionID uint, state types.ItemState) ([]Item, error) {
	return db.queryItems(0, "connection_id = ? AND state = ? ORDER BY sku", connectionID, state)
}

// ItemsByStoreSKU loads the items of a connection that feed (or are) the
// given store listings, for a Smart Sync that learnt those listings moved.
func (db *DB) ItemsByStoreSKU(connectionID uint, storeSKUs []string) ([]Item, error) {
	// store_sku has no index (one would slow every Full's insert), so each
	// query scans the connection's items: ask for them all in one, not one
	// scan per 500 (the drift look after a Full asks for every SKU).
	return db.itemsWhereIn(connectionID, "store_sku", storeSKUs, max(len(storeSKUs), 1))
}

// KnownListing is what ShelfSync last knew of one store listing.
type KnownListing struct {
	StoreSKU  string
	StoreQty  *int
	Untracked bool
}

// KnownListings reads, for the given store listings, only what ShelfSync
// last knew of them (three columns, not the whole row), so a Smart Sync
// told that many listings changed loads the rows of the few that differ:
// the first look after a Full Sync hears back every listing the Full wrote.
// One query, as ItemsByStoreSKU (store_sku has no index).
func (db *DB) KnownListings(connectionID uint, storeSKUs []string) ([]KnownListing, error) {
	if len(storeSKUs) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(storeSKUs)
	if err != nil {
		return nil, err
	}
	rows, err := db.gorm.Raw("SELECT store_sku, store_qty, store_untracked FROM items WHERE store_seen AND connection_id = ? AND "+db.dialect.oneOfJSON("store_sku"), connectionID, string(b)).Rows()
	if err != nil {
		return nil, fmt.Errorf("load what ShelfSync knew of the store: %w", err)
	}
	defer rows.Close()
	out := make([]KnownListing, 0, len(storeSKUs))
	for rows.Next() {
		var k KnownListing
		if err := rows.Scan(&k.StoreSKU, &k.StoreQty, &k.Untracked); err != nil {
			return nil, fmt.Errorf("load what ShelfSync knew of the store: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load what ShelfSync knew of the store: %w", err)
	}
	return out, nil
}

// ItemsBySKU loads the items of a connection with the given SKUs.
func (db *DB) ItemsBySKU(connectionID uint, skus []string) ([]Item, error) {
	return db.itemsWhereIn(connectionID, "sku", skus, 500)
}

// itemsWhereIn loads a connection's items whose column holds one of values,
// chunk values a query (passed as one JSON array, so a query binds two
// parameters however many values it holds).
func (db *DB) itemsWhereIn(connectionID uint, column string, values []string, chunk int) ([]Item, error) {
	var out []Item
	for start := 0; start < len(values); start += chunk {
		part := values[start:min(start+chunk, len(values))]
		b, err := json.Marshal(part)
		if err != nil {
			return nil, err
		}
		more, err := db.queryItems(len(part), "connection_id = ? AND "+db.dialect.oneOfJSON(column), connectionID, string(b))
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}
