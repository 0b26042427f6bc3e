package shopifyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Bulk query operations, as shopify.dev describes them for 2026-01 and
// later: bulkOperationRunQuery (a mutation, 10 points) starts an export of
// one top-level field (not node or nodes) holding at least one connection;
// an app runs up to MaxConcurrentBulkQueries of them at a time per shop and
// a further one is refused with the userError LIMIT_REACHED. Each goes
// CREATED, RUNNING, then COMPLETED with a url to a JSONL file (or null
// when nothing matched), or FAILED with an errorCode, or CANCELED. The
// status is polled with bulkOperation(id:) (new in 2026-01), node(id:) or
// the deprecated currentBulkOperation, 1 point each. In the file each
// object is a line; an object of a nested connection carries __parentId,
// the id of the object it belongs to (groupObjects defaults to false from
// 2026-01, so children need not follow their parent).
//
// The fake runs three exports: productVariants with an inventory level at
// one location; location(id:) { inventoryLevels(query:) }; and
// inventoryItems(query:) with a level at one location; it applies their
// search queries exactly as the paged connections do.

// MaxConcurrentBulkQueries is how many bulk queries an app may run at
// once per shop (API 2026-01 and later).
const MaxConcurrentBulkQueries = 5

// BulkEnd is how a bulk operation ends instead of completing: Status
// FAILED (with an ErrorCode such as TIMEOUT or INTERNAL_SERVER_ERROR) or
// CANCELED.
type BulkEnd struct {
	Status, ErrorCode string
}

type bulkOp struct {
	id          int64
	status      string
	errorCode   string
	end         BulkEnd // how it ends, when not COMPLETED
	polls       int
	query       string
	export      func(emit func(any)) // writes the file's objects, in order, when it ends
	data        []byte
	objectCount int
	createdAt   time.Time
}

func bulkGID(id int64) string { return "gid://shopify/BulkOperation/" + strconv.FormatInt(id, 10) }

// EndNextBulk makes the next bulk operation started end as end says
// instead of completing.
func (f *Fake) EndNextBulk(end BulkEnd) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextBulkEnd = end
}

func (op *bulkOp) running() bool { return op.status == "CREATED" || op.status == "RUNNING" }

// pollBulk advances op one status check and returns its JSON.
func (f *Fake) pollBulk(op *bulkOp) map[string]any {
	op.polls++
	if op.running() && op.polls > f.opts.BulkPollsUntilDone {
		f.finishBulk(op)
	} else if op.status == "CREATED" {
		op.status = "RUNNING"
	}
	out := map[string]any{
		"__typename": "BulkOperation", "id": bulkGID(op.id), "type": "QUERY", "status": op.status,
		"errorCode": nil, "objectCount": strconv.Itoa(op.objectCount), "rootObjectCount": strconv.Itoa(op.objectCount),
		"url": nil, "partialDataUrl": nil, "createdAt": op.createdAt.UTC().Format(time.RFC3339), "query": op.query,
	}
	if op.errorCode != "" {
		out["errorCode"] = op.errorCode
	}
	if op.status == "COMPLETED" && op.objectCount > 0 {
		out["url"] = fmt.Sprintf("%s/bulk/%d.jsonl", f.srv.URL, op.id)
		out["fileSize"] = strconv.Itoa(len(op.data))
	}
	return out
}

// finishBulk ends op: it writes the JSONL snapshot of what the query
// selects now, one object a line, or ends it as told (EndNextBulk).
func (f *Fake) finishBulk(op *bulkOp) {
	if op.end.Status != "" {
		op.status, op.errorCode = op.end.Status, op.end.ErrorCode
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	n := 0
	op.export(func(o any) {
		_ = enc.Encode(o) // a fake: the client under test sees a failed write
		n++
	})
	op.data, op.objectCount, op.status = buf.Bytes(), n, "COMPLETED"
}

// planBulkStatus serves bulkOperation(id:) and node(id:) for a bulk
// operation: null for an id the fake never gave.
func (q *request) planBulkStatus(field string) (rootField, error) {
	args, err := q.args(field)
	if err != nil {
		return rootField{}, err
	}
	s, _, err := stringArg(args, "id")
	if err != nil || s == "" {
		return rootField{}, fmt.Errorf("%s needs id: ID!", field)
	}
	return rootField{name: field, requested: 1, run: func() (any, int) {
		id, ok := parseGID(s, "BulkOperation")
		if !ok {
			return nil, 1
		}
		for _, op := range q.f.bulkOps {
			if op.id == id {
				return q.f.pollBulk(op), 1
			}
		}
		return nil, 1
	}}, nil
}

// planCurrentBulk serves the deprecated currentBulkOperation: the most
// recent bulk query.
func (q *request) planCurrentBulk() rootField {
	return rootField{name: "currentBulkOperation", requested: 1, run: func() (any, int) {
		if len(q.f.bulkOps) == 0 {
			return nil, 1
		}
		return q.f.pollBulk(q.f.bulkOps[len(q.f.bulkOps)-1]), 1
	}}
}

var (
	bulkLocationRE   = regexp.MustCompile(`inventoryLevel\s*\(\s*locationId\s*:\s*"([^"]+)"\s*\)`)
	bulkLevelsRootRE = regexp.MustCompile(`^\s*(?:query\s*)?\{\s*location\s*\(\s*id\s*:\s*"([^"]+)"\s*\)\s*\{`)
	bulkLevelsArgsRE = regexp.MustCompile(`\binventoryLevels\s*(?:\(([^)]*)\))?\s*\{`)
	bulkQueryArgRE   = regexp.MustCompile(`\bquery\s*:\s*("(?:[^"\\]|\\.)*")`)
	bulkNodeRootRE   = regexp.MustCompile(`^\s*(?:query\s*)?\{\s*nodes?\s*\(`)
	bulkItemsRootRE  = regexp.MustCompile(`^\s*(?:query\s*)?\{\s*inventoryItems\s*(?:\(([^)]*)\))?\s*\{`)
)

// bulkExport reads what a bulk query exports, or why the fake refuses it.
func (f *Fake) bulkExport(inner string) (func(emit func(any)), string) {
	if bulkNodeRootRE.MatchString(inner) {
		return nil, "Bulk queries cannot contain a top level `node` or `nodes` field."
	}
	if m := bulkLevelsRootRE.FindStringSubmatch(inner); m != nil {
		locID, ok := parseGID(m[1], "Location")
		if !ok {
			return nil, "Invalid global id '" + m[1] + "'"
		}
		lm := bulkLevelsArgsRE.FindStringSubmatch(inner)
		if lm == nil {
			return nil, "Bulk queries must contain at least one connection."
		}
		search, refused := bulkSearch(lm[1])
		if refused != "" {
			return nil, refused
		}
		filter, err := parseLevelFilter(search)
		if err != nil {
			return nil, err.Error()
		}
		return func(emit func(any)) { f.levelsExport(locID, filter, emit) }, ""
	}
	var loc int64
	hasLoc := false
	if m := bulkLocationRE.FindStringSubmatch(inner); m != nil {
		id, ok := parseGID(m[1], "Location")
		if !ok {
			return nil, "Invalid global id '" + m[1] + "'"
		}
		loc, hasLoc = id, true
	}
	aliased, err := aliasedLevels(inner, nil)
	if err != nil {
		return nil, err.Error()
	}
	if m := bulkItemsRootRE.FindStringSubmatch(inner); m != nil {
		search, refused := bulkSearch(m[1])
		if refused != "" {
			return nil, refused
		}
		match, err := parseItemFilter(search)
		if err != nil {
			return nil, err.Error()
		}
		return func(emit func(any)) {
			for _, v := range f.variants {
				if match(v) {
					emit(f.variantJSON(v, loc, hasLoc, aliased)["inventoryItem"])
				}
			}
		}, ""
	}
	if strings.Contains(inner, "productVariants") {
		return func(emit func(any)) {
			for _, v := range f.variants {
				emit(f.variantJSON(v, loc, hasLoc, aliased))
			}
		}, ""
	}
	return nil, "the fake only runs bulk queries over productVariants, inventoryItems or a location's inventoryLevels"
}

// bulkSearch is the query argument among a connection's arguments.
func bulkSearch(args string) (search, refused string) {
	if qm := bulkQueryArgRE.FindStringSubmatch(args); qm != nil {
		if err := json.Unmarshal([]byte(qm[1]), &search); err != nil {
			return "", "Invalid query argument " + qm[1]
		}
	}
	return search, ""
}

// levelsExport writes the file of location(id:) { inventoryLevels }: the
// location's line, then each level matching filter with __parentId.
func (f *Fake) levelsExport(locID int64, filter levelFilter, emit func(any)) {
	if !f.locationExists(locID) {
		return
	}
	emit(map[string]any{"id": LocationGID(locID)})
	for _, v := range f.variants {
		l := v.levels[locID]
		if l == nil || !filter.match(v, l) {
			continue
		}
		n := levelNode(v, locID, l)
		n["__parentId"] = LocationGID(locID)
		emit(n)
	}
}

func (q *request) planBulkRun() (rootField, error) {
	args, err := q.args("bulkOperationRunQuery")
	if err != nil {
		return rootField{}, err
	}
	inner, ok, err := stringArg(args, "query")
	if err != nil || !ok {
		return rootField{}, fmt.Errorf("bulkOperationRunQuery needs query: String!")
	}
	return rootField{name: "bulkOperationRunQuery", requested: 10, run: func() (any, int) {
		fail := func(code, msg string) (any, int) {
			return map[string]any{"bulkOperation": nil, "userErrors": []userError{{Code: code, Field: []string{"query"}, Message: msg}}}, 10
		}
		running := 0
		for _, op := range q.f.bulkOps {
			if op.running() {
				running++
			}
		}
		if running >= MaxConcurrentBulkQueries {
			return fail("LIMIT_REACHED", "Bulk operations limit reached. Please try again later.")
		}
		export, refused := q.f.bulkExport(inner)
		if refused != "" {
			return fail("INVALID", refused)
		}
		op := &bulkOp{id: int64(len(q.f.bulkOps) + 1), status: "CREATED", query: inner, export: export, end: q.f.nextBulkEnd, createdAt: q.f.opts.Clock.Now()}
		q.f.nextBulkEnd = BulkEnd{}
		q.f.bulkOps = append(q.f.bulkOps, op)
		q.f.stats.BulkRuns++
		return map[string]any{"bulkOperation": map[string]any{"id": bulkGID(op.id), "status": op.status}, "userErrors": []userError{}}, 10
	}}, nil
}
