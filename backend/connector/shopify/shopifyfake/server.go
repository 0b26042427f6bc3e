package shopifyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxSingleQueryCost is Shopify's cap on one request's requested cost.
const maxSingleQueryCost = 1000

// bucket is the leaky bucket of cost points, per token (the fake has one).
type bucket struct {
	max, rate, avail float64
	at               time.Time
}

func (b *bucket) level(now time.Time) float64 {
	el := now.Sub(b.at).Seconds()
	if el < 0 {
		el = 0
	}
	return min(b.max, b.avail+b.rate*el)
}

// take spends cost if the bucket holds it.
func (b *bucket) take(now time.Time, cost int) bool {
	b.avail, b.at = b.level(now), now
	if float64(cost) > b.avail {
		return false
	}
	b.avail -= float64(cost)
	return true
}

func (b *bucket) refund(n int) { b.avail = min(b.max, b.avail+float64(n)) }

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

type userError struct {
	Code    string   `json:"code"`
	Field   []string `json:"field"`
	Message string   `json:"message"`
}

// rootField is one recognised root field of a request: what it asks to
// spend and how to answer it (called with the lock held).
type rootField struct {
	name      string
	requested int
	run       func() (value any, actual int)
}

var (
	versionRE    = regexp.MustCompile(`^(\d{4}-\d{2}|unstable)$`)
	mutationRE   = regexp.MustCompile(`^\s*mutation\b`)
	argRE        = regexp.MustCompile(`(\w+)\s*:\s*(\$\w+|"(?:[^"\\]|\\.)*"|-?\d+|true|false|null)`)
	shopFieldRE  = regexp.MustCompile(`\bshop\s*\{`)
	locationsRE  = regexp.MustCompile(`\blocations\s*[({]`)
	variantsRE   = regexp.MustCompile(`\bproductVariants\s*\(`)
	countRE      = regexp.MustCompile(`\bproductVariantsCount\b`)
	nodesRE      = regexp.MustCompile(`\bnodes\s*\(`)
	nodeRE       = regexp.MustCompile(`\bnode\s*\(`)
	currentRE    = regexp.MustCompile(`\bcurrentBulkOperation\b`)
	bulkOpRE     = regexp.MustCompile(`\bbulkOperation\s*\(`)
	bulkRunRE    = regexp.MustCompile(`\bbulkOperationRunQuery\b`)
	setQtyRE     = regexp.MustCompile(`\binventorySetQuantities\b`)
	appInstallRE = regexp.MustCompile(`\bcurrentAppInstallation\b`)
	idempotentRE = regexp.MustCompile(`@idempotent\s*\(`)
)

// servedVersion is the API version that answers a request for asked:
// itself while supported, the oldest supported one when asked is older
// (Shopify falls forward), none when asked is newer than any release.
func (f *Fake) servedVersion(asked string) (string, bool) {
	switch {
	case f.opts.AnswerVersion != "":
		return f.opts.AnswerVersion, true
	case asked == "unstable":
		return asked, true
	case asked > f.opts.NewestVersion:
		return "", false
	case asked < f.opts.OldestVersion:
		return f.opts.OldestVersion, true
	}
	return asked, true
}

func (f *Fake) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	version, ok := "", versionRE.MatchString(r.PathValue("version"))
	if ok {
		version, ok = f.servedVersion(r.PathValue("version"))
	}
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"errors": "Not Found"})
		return
	}
	w.Header().Set("X-Shopify-API-Version", version)
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"errors": "Method Not Allowed"})
		return
	}
	f.mu.Lock()
	valid := f.tokenValid(r.Header.Get("X-Shopify-Access-Token"))
	if !valid {
		f.stats.Unauthorized++
	}
	f.mu.Unlock()
	if !valid {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
		return
	}
	fault := f.nextFault()
	switch fault {
	case FaultHTTP500:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, "<html><body>Internal Server Error</body></html>") // a fake: the client under test sees a failed write
		return
	case FaultHTTP503:
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"errors": "Service Unavailable"})
		return
	case FaultHTTP429:
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})
		return
	case FaultHTTP423:
		writeJSON(w, http.StatusLocked, map[string]any{"errors": "This shop is unavailable"})
		return
	case FaultMalformedJSON:
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"productVariants":{"nodes":[{"id":"gid://shopify/ProductVariant/1","sku":`) // a fake: the client under test sees a failed write
		return
	}

	var body struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil || strings.TrimSpace(body.Query) == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": map[string]any{"query": "Required parameter missing or invalid"}})
		return
	}
	if body.Variables == nil {
		body.Variables = map[string]any{}
	}
	req := &request{f: f, version: version, query: body.Query, vars: body.Variables}
	f.writeHook(body.Query)

	f.mu.Lock()
	defer f.mu.Unlock()
	fields, errs := req.plan()
	if len(errs) > 0 {
		f.writeResult(w, nil, errs, 0, 0, false)
		return
	}
	requested := 0
	for _, rf := range fields {
		requested += rf.requested
	}
	f.stats.MaxCostSeen = max(f.stats.MaxCostSeen, requested)
	if requested > f.opts.MaxQueryCost {
		f.stats.MaxCostExceeded++
		f.writeResult(w, nil, []gqlError{{
			Message:    fmt.Sprintf("Query cost is %d, which exceeds the single query max cost limit (%d).", requested, f.opts.MaxQueryCost),
			Extensions: map[string]any{"code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": f.opts.MaxQueryCost, "documentation": "https://shopify.dev/api/usage/rate-limits"},
		}}, requested, 0, false)
		return
	}
	if fault == FaultThrottled || !f.bucket.take(f.opts.Clock.Now(), requested) {
		f.stats.Throttled++
		f.writeThrottled(w, requested)
		return
	}
	if fault == FaultInternalError {
		f.writeResult(w, nil, []gqlError{{
			Message:    "Internal error. Looks like something went wrong on our end.",
			Extensions: map[string]any{"code": "INTERNAL_SERVER_ERROR", "requestId": "fake"},
		}}, requested, requested, true)
		return
	}
	if mutationRE.MatchString(body.Query) && setQtyRE.MatchString(body.Query) && !f.hasScope("write_inventory") {
		f.writeResult(w, nil, []gqlError{{
			Message:    "Access denied for inventorySetQuantities field. Required access: `write_inventory` access scope.",
			Extensions: map[string]any{"code": "ACCESS_DENIED", "documentation": "https://shopify.dev/api/usage/access-scopes"},
		}}, requested, requested, true)
		return
	}
	if mutationRE.MatchString(body.Query) && itemUpdateRE.MatchString(body.Query) && !f.hasScope("write_inventory") && !f.hasScope("write_products") {
		f.writeResult(w, nil, []gqlError{{
			Message:    "Access denied for inventoryItemUpdate field. Required access: `write_inventory` access scope or `write_products` access scope.",
			Extensions: map[string]any{"code": "ACCESS_DENIED", "documentation": "https://shopify.dev/api/usage/access-scopes"},
		}}, requested, requested, true)
		return
	}
	data := map[string]any{}
	actual := 0
	for _, rf := range fields {
		v, a := rf.run()
		data[rf.name] = v
		actual += a
	}
	if !mutationRE.MatchString(body.Query) {
		f.stats.ReadCalls++
	}
	f.bucket.refund(requested - actual)
	if fault == FaultLostAnswer {
		writeJSON(w, http.StatusBadGateway, map[string]any{"errors": "Bad Gateway"})
		return
	}
	f.writeResult(w, data, nil, requested, actual, true)
}

func (f *Fake) nextFault() Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.faults) == 0 {
		return FaultNone
	}
	ft := f.faults[0]
	f.faults = f.faults[1:]
	return ft
}

func (f *Fake) throttleStatus() map[string]any {
	return map[string]any{
		"maximumAvailable":   f.bucket.max,
		"currentlyAvailable": f.bucket.level(f.opts.Clock.Now()),
		"restoreRate":        f.bucket.rate,
	}
}

// writeResult answers 200 with data and/or errors and the cost extension.
func (f *Fake) writeResult(w http.ResponseWriter, data map[string]any, errs []gqlError, requested, actual int, charged bool) {
	resp := map[string]any{}
	if data != nil {
		resp["data"] = data
	}
	if len(errs) > 0 {
		resp["errors"] = errs
	}
	cost := map[string]any{"requestedQueryCost": requested, "actualQueryCost": nil, "throttleStatus": f.throttleStatus()}
	if charged {
		cost["actualQueryCost"] = actual
	}
	resp["extensions"] = map[string]any{"cost": cost}
	writeJSON(w, http.StatusOK, resp)
}

func (f *Fake) writeThrottled(w http.ResponseWriter, requested int) {
	status := http.StatusOK
	if f.opts.ThrottleWith429 {
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, map[string]any{
		"errors": []gqlError{{Message: "Throttled", Extensions: map[string]any{"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}},
		"extensions": map[string]any{"cost": map[string]any{
			"requestedQueryCost": requested, "actualQueryCost": nil, "throttleStatus": f.throttleStatus(),
		}},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // a fake: the client under test sees a failed write
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a fake: the client under test sees a failed write
}

// request is one GraphQL request being planned and answered.
type request struct {
	f       *Fake
	version string
	query   string
	vars    map[string]any
	// costs are the root fields' requested costs and, for lists, the cost
	// of one of their nodes.
	costs map[string][2]int
}

// cost is the requested cost of root field name and the cost of one of its
// nodes (0 when it is no list).
func (q *request) cost(name string) (requested, perNode int) {
	c := q.costs[name]
	return c[0], c[1]
}

// computeCosts parses a query's root fields and prices each.
func (q *request) computeCosts() error {
	q.costs = map[string][2]int{}
	roots, err := parseSelections(q.query)
	if err != nil {
		return err
	}
	for _, r := range roots {
		req, per, err := q.fieldCost(r)
		if err != nil {
			return err
		}
		if !r.object {
			req = 0
		}
		q.costs[r.name] = [2]int{req, per}
	}
	return nil
}

// plan finds the root fields the request asks for and validates their
// arguments.
func (q *request) plan() ([]rootField, []gqlError) {
	var fields []rootField
	var errs []gqlError
	add := func(rf rootField, err error) {
		if err != nil {
			errs = append(errs, gqlError{Message: err.Error(), Extensions: map[string]any{"code": "BAD_REQUEST"}})
			return
		}
		fields = append(fields, rf)
	}
	if mutationRE.MatchString(q.query) {
		switch {
		case setQtyRE.MatchString(q.query):
			add(q.planSetQuantities())
		case bulkRunRE.MatchString(q.query):
			add(q.planBulkRun())
		case itemUpdateRE.MatchString(q.query):
			add(q.planItemUpdate())
		default:
			errs = append(errs, gqlError{Message: "the fake does not serve this mutation", Extensions: map[string]any{"code": "undefinedField"}})
		}
		return fields, errs
	}
	if err := q.computeCosts(); err != nil {
		return nil, []gqlError{{Message: err.Error(), Extensions: map[string]any{"code": "BAD_REQUEST"}}}
	}
	if appInstallRE.MatchString(q.query) {
		add(q.planAppInstallation(), nil)
	}
	if shopFieldRE.MatchString(q.query) {
		add(q.planShop(), nil)
	}
	if locationsRE.MatchString(q.query) {
		add(q.planLocations())
	}
	if locationRE.MatchString(q.query) {
		add(q.planLocationLevels())
	}
	if inventoryItemsRE.MatchString(q.query) {
		add(q.planInventoryItems())
	}
	if countRE.MatchString(q.query) {
		add(q.planCount(), nil)
	}
	if variantsRE.MatchString(q.query) {
		add(q.planVariants())
	}
	if nodesRE.MatchString(q.query) {
		add(q.planNodes())
	}
	if nodeRE.MatchString(q.query) {
		add(q.planBulkStatus("node"))
	}
	if bulkOpRE.MatchString(q.query) {
		add(q.planBulkStatus("bulkOperation"))
	}
	if currentRE.MatchString(q.query) {
		add(q.planCurrentBulk(), nil)
	}
	if len(fields) == 0 && len(errs) == 0 {
		errs = append(errs, gqlError{Message: "the fake does not serve this query", Extensions: map[string]any{"code": "undefinedField"}})
	}
	return fields, errs
}

// args returns the arguments written after the first occurrence of
// field( in the query, with variables substituted.
func (q *request) args(field string) (map[string]any, error) {
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(field) + `\s*\(`)
	loc := re.FindStringIndex(q.query)
	out := map[string]any{}
	if loc == nil {
		return out, nil
	}
	rest := q.query[loc[1]:]
	end := strings.IndexByte(rest, ')')
	if end < 0 {
		return nil, fmt.Errorf("syntax error: unclosed argument list of %s", field)
	}
	for _, m := range argRE.FindAllStringSubmatch(rest[:end], -1) {
		name, raw := m[1], m[2]
		switch {
		case strings.HasPrefix(raw, "$"):
			v, ok := q.vars[raw[1:]]
			if !ok {
				continue // an unset optional variable
			}
			out[name] = v
		case strings.HasPrefix(raw, `"`):
			s, err := strconv.Unquote(raw)
			if err != nil {
				return nil, fmt.Errorf("bad string literal %s", raw)
			}
			out[name] = s
		case raw == "true" || raw == "false":
			out[name] = raw == "true"
		case raw == "null":
		default:
			out[name] = json.Number(raw)
		}
	}
	return out, nil
}

func intArg(args map[string]any, name string) (int, bool, error) {
	v, ok := args[name]
	if !ok || v == nil {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, true, fmt.Errorf("argument %q must be an Int", name)
	}
	i, err := strconv.Atoi(string(n))
	if err != nil {
		return 0, true, fmt.Errorf("argument %q must be an Int", name)
	}
	return i, true, nil
}

func stringArg(args map[string]any, name string) (string, bool, error) {
	v, ok := args[name]
	if !ok || v == nil {
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", true, fmt.Errorf("argument %q must be a String", name)
	}
	return s, true, nil
}

// pageSize validates first: required, 1..250.
func pageSize(args map[string]any, field string) (int, error) {
	first, ok, err := intArg(args, "first")
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("you must provide one of first or last for %s", field)
	}
	if first < 1 || first > 250 {
		return 0, fmt.Errorf("the first argument of %s must be between 1 and 250, got %d", field, first)
	}
	return first, nil
}

// levelLocation is the locationId given to inventoryLevel(...) anywhere in
// the query, 0 when none.
func (q *request) levelLocation() (int64, bool, error) {
	args, err := q.args("inventoryLevel")
	if err != nil {
		return 0, false, err
	}
	s, ok, err := stringArg(args, "locationId")
	if err != nil || !ok {
		return 0, false, err
	}
	id, ok := parseGID(s, "Location")
	if !ok {
		return 0, false, fmt.Errorf("invalid global id %q", s)
	}
	return id, true, nil
}

func parseGID(s, typ string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "gid://shopify/"+typ+"/")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

func (f *Fake) serveBulkFile(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSuffix(r.PathValue("file"), ".jsonl")
	id, err := strconv.ParseInt(name, 10, 64)
	f.mu.Lock()
	var data []byte
	found := false
	if err == nil {
		for _, op := range f.bulkOps {
			if op.id == id && op.status == "COMPLETED" {
				data, found = op.data, true
			}
		}
	}
	if found {
		f.stats.BulkDownloads++
	}
	f.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/jsonl")
	if f.opts.BulkFilePause <= 0 {
		_, _ = w.Write(data) // a fake: the client under test sees a failed write
		return
	}
	flusher, _ := w.(http.Flusher)
	for line := range bytes.Lines(data) {
		time.Sleep(f.opts.BulkFilePause)
		if _, err := w.Write(line); err != nil {
			return // the client hung up
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
}
