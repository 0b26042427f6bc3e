package shopifyfake

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	bulkRunQ    = `mutation R($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { code field message } } }`
	bulkStatusQ = `query S($id: ID!) { bulkOperation(id: $id) { id status errorCode url } }`
)

// startBulk runs bulkOperationRunQuery and returns the operation's id, or
// the userError's code.
func startBulk(t *testing.T, f *Fake, inner string) (id, refused string) {
	t.Helper()
	_, _, out := postWith(t, f, f.Token(), "2026-10", bulkRunQ, map[string]any{"q": inner})
	run := out["data"].(map[string]any)["bulkOperationRunQuery"].(map[string]any)
	if errs := run["userErrors"].([]any); len(errs) > 0 {
		return "", errs[0].(map[string]any)["code"].(string)
	}
	return run["bulkOperation"].(map[string]any)["id"].(string), ""
}

func bulkStatus(t *testing.T, f *Fake, id string) map[string]any {
	t.Helper()
	_, _, out := postWith(t, f, f.Token(), "2026-10", bulkStatusQ, map[string]any{"id": id})
	op, _ := out["data"].(map[string]any)["bulkOperation"].(map[string]any)
	if op == nil {
		t.Fatalf("no bulkOperation in %v", out)
	}
	return op
}

// A bulk export of a location's levels goes CREATED, RUNNING, COMPLETED,
// polled by bulkOperation(id:); its JSONL file holds the location's line
// and, with __parentId, exactly the levels its search query keeps, as the
// paged inventoryLevels does.
func TestFakeExportsALocationsFilteredLevelsInBulk(t *testing.T) {
	clock := NewVirtualClock(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC))
	f := New(Options{Clock: clock, BulkPollsUntilDone: 2})
	defer f.Close()
	f.AddVariant("OLD", 1)
	clock.Sleep(t.Context(), time.Hour)
	f.AddVariant("NEW", 2)
	filter := "updated_at:>='" + clock.Now().Format(time.RFC3339) + "'"
	inner := fmt.Sprintf(`{ location(id: %q) { id inventoryLevels(query: %q) { edges { node { updatedAt item { sku } } } } } }`, LocationGID(1), filter)

	id, refused := startBulk(t, f, inner)
	if refused != "" {
		t.Fatalf("refused: %s", refused)
	}
	var statuses []string
	var op map[string]any
	for range 3 {
		op = bulkStatus(t, f, id)
		statuses = append(statuses, op["status"].(string))
	}
	if strings.Join(statuses, " ") != "RUNNING RUNNING COMPLETED" {
		t.Fatalf("statuses %v", statuses)
	}
	resp, err := http.Get(op["url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var lines []map[string]any
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	if len(lines) != 2 || lines[0]["id"] != LocationGID(1) || lines[0]["__parentId"] != nil {
		t.Fatalf("file %v, want the location's line, then one level", lines)
	}
	level := lines[1]
	if level["__parentId"] != LocationGID(1) || level["item"].(map[string]any)["sku"] != "NEW" {
		t.Errorf("level line %v, want NEW under the location", level)
	}

	if _, refused := startBulk(t, f, `{ location(id: "gid://shopify/Location/1") { inventoryLevels(query: "sku:X") { edges { node { id } } } } }`); refused != "INVALID" {
		t.Errorf("a filter the fake cannot apply: %q, want INVALID", refused)
	}
	if _, refused := startBulk(t, f, `{ node(id: "gid://shopify/Location/1") { id } }`); refused != "INVALID" {
		t.Errorf("a top-level node: %q, want INVALID", refused)
	}
}

// An app runs at most five bulk queries at once per shop (2026-01 and
// later); the sixth is refused with LIMIT_REACHED until one ends, FAILED
// or CANCELED as told, with no file.
func TestFakeRefusesASixthConcurrentBulkQueryAndEndsOnesAsTold(t *testing.T) {
	f := New(Options{BulkPollsUntilDone: 1 << 30})
	defer f.Close()
	f.AddVariant("A", 1)
	const inner = `{ productVariants { edges { node { id } } } }`
	var ids []string
	for range MaxConcurrentBulkQueries {
		id, refused := startBulk(t, f, inner)
		if refused != "" {
			t.Fatalf("refused %s with %d running", refused, len(ids))
		}
		ids = append(ids, id)
	}
	if _, refused := startBulk(t, f, inner); refused != "LIMIT_REACHED" {
		t.Fatalf("a sixth at once: %q, want LIMIT_REACHED", refused)
	}

	g := New(Options{})
	defer g.Close()
	g.AddVariant("A", 1)
	for _, end := range []BulkEnd{{Status: "FAILED", ErrorCode: "TIMEOUT"}, {Status: "CANCELED"}} {
		g.EndNextBulk(end)
		id, _ := startBulk(t, g, inner)
		bulkStatus(t, g, id)
		op := bulkStatus(t, g, id)
		if op["status"] != end.Status || op["url"] != nil || (end.ErrorCode != "" && op["errorCode"] != end.ErrorCode) {
			t.Errorf("told to end %v, it answered %v", end, op)
		}
	}
	if id, refused := startBulk(t, g, inner); refused != "" || bulkStatus(t, g, id)["status"] != "RUNNING" {
		t.Errorf("the next export after those: %q", refused)
	}
}
