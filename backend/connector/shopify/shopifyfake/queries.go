package shopifyfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func (q *request) planShop() rootField {
	return rootField{name: "shop", requested: 1, run: func() (any, int) {
		return map[string]any{"name": "Fake Shop", "myshopifyDomain": "fake-shop.myshopify.com"}, 1
	}}
}

// PaginationLimit is the deepest object a paged connection reaches
// (Shopify: 25,000); past it only a bulk operation reads.
const PaginationLimit = 25000

// positionOf counts the variants matching before the cursor after.
func (f *Fake) positionOf(after int64, match func(string) bool) int {
	n := 0
	for _, v := range f.variants {
		if v.id > after {
			break
		}
		if match(v.sku) {
			n++
		}
	}
	return n
}

var scopeDescriptions = map[string]string{
	"read_products": "Read products, variants, and collections", "read_inventory": "Read inventory",
	"write_inventory": "Modify inventory", "read_locations": "Read locations",
}

func (q *request) planAppInstallation() rootField {
	requested, _ := q.cost("currentAppInstallation")
	return rootField{name: "currentAppInstallation", requested: requested, run: func() (any, int) {
		scopes := make([]any, len(q.f.opts.Scopes))
		for i, s := range q.f.opts.Scopes {
			scopes[i] = map[string]any{"handle": s, "description": scopeDescriptions[s]}
		}
		return map[string]any{"id": "gid://shopify/AppInstallation/1", "accessScopes": scopes}, requested
	}}
}

func (q *request) planCount() rootField {
	return rootField{name: "productVariantsCount", requested: 1, run: func() (any, int) {
		n := len(q.f.variants)
		precision := "EXACT"
		if n > 10000 { // the default limit of the real field
			n, precision = 10000, "AT_LEAST"
		}
		return map[string]any{"count": n, "precision": precision}, 1
	}}
}

func (q *request) planLocations() (rootField, error) {
	args, err := q.args("locations")
	if err != nil {
		return rootField{}, err
	}
	first, err := pageSize(args, "locations")
	if err != nil {
		return rootField{}, err
	}
	inactive := args["includeInactive"] == true
	requested, per := q.cost("locations")
	return rootField{name: "locations", requested: requested, run: func() (any, int) {
		locs := q.f.sortedLocations(inactive)
		more := len(locs) > first
		if more {
			locs = locs[:first]
		}
		nodes := make([]any, len(locs))
		for i, l := range locs {
			nodes[i] = map[string]any{"id": LocationGID(l.ID), "name": l.Name, "isActive": l.Active, "fulfillsOnlineOrders": l.FulfillsOnlineOrders, "deactivatedAt": nil}
		}
		return map[string]any{"nodes": nodes, "pageInfo": map[string]any{"hasNextPage": more, "endCursor": nil}}, 2 + len(locs)*per
	}}, nil
}

type cursor struct {
	LastID    int64  `json:"last_id"`
	LastValue string `json:"last_value"`
}

func encodeCursor(id int64) string {
	b, _ := json.Marshal(cursor{LastID: id, LastValue: strconv.FormatInt(id, 10)}) // a number and a string cannot fail to encode
	return base64.StdEncoding.EncodeToString(b)
}

func decodeCursor(s string) (int64, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.LastID <= 0 {
		return 0, fmt.Errorf("invalid cursor %q", s)
	}
	return c.LastID, nil
}

var skuTermRE = regexp.MustCompile(`^sku:(?:'([^']*)'|"([^"]*)"|(\S+))$`)

// skuFilter understands the one search term the fake supports: sku:X
// (exact, quoted, or a prefix with a trailing *).
func skuFilter(query string) (func(string) bool, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return func(string) bool { return true }, nil
	}
	m := skuTermRE.FindStringSubmatch(query)
	if m == nil {
		return nil, fmt.Errorf("the fake only supports the search term sku:<value>, got %q", query)
	}
	want := m[1] + m[2] + m[3]
	if prefix, ok := strings.CutSuffix(want, "*"); ok {
		return func(s string) bool { return strings.HasPrefix(s, prefix) }, nil
	}
	return func(s string) bool { return s == want }, nil
}

// levelAt is an aliased inventoryLevel(locationId:) of a query: the
// inventory item answers it under key, with its level at loc.
type levelAt struct {
	key string
	loc int64
}

// aliasedLevels finds the query's aliased inventoryLevel fields (how one
// query reads an item at several locations) and the location each names,
// by a variable of vars or a string literal.
func aliasedLevels(query string, vars map[string]any) ([]levelAt, error) {
	roots, err := parseSelections(query)
	if err != nil {
		return nil, err
	}
	var out []levelAt
	var walk func([]*selection) error
	walk = func(sels []*selection) error {
		for _, s := range sels {
			if s.name == "inventoryLevel" && s.alias != "" {
				raw := s.args["locationId"]
				gid, ok := "", false
				if name, isVar := strings.CutPrefix(raw, "$"); isVar {
					gid, ok = vars[name].(string)
				} else if v, err := strconv.Unquote(raw); err == nil {
					gid, ok = v, true
				}
				id, valid := parseGID(gid, "Location")
				if !ok || !valid {
					return fmt.Errorf("invalid global id %q for inventoryLevel %s", gid, s.alias)
				}
				out = append(out, levelAt{key: s.alias, loc: id})
			}
			if err := walk(s.children); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(roots)
}

// variantJSON is the whole shape of a variant the fake returns, with the
// inventory level at loc (null when none asked or not stocked there) and
// at each aliased location.
func (f *Fake) variantJSON(v *variant, loc int64, hasLoc bool, aliased []levelAt) map[string]any {
	item := map[string]any{
		"id":             ItemGID(v.id),
		"sku":            v.sku,
		"tracked":        v.tracked,
		"updatedAt":      v.itemTime.UTC().Format(time.RFC3339),
		"inventoryLevel": f.levelJSON(v, loc, hasLoc),
	}
	for _, l := range aliased {
		item[l.key] = f.levelJSON(v, l.loc, true)
	}
	return map[string]any{
		"id":            variantGID(v.id),
		"sku":           v.sku,
		"displayName":   v.title,
		"updatedAt":     v.itemTime.UTC().Format(time.RFC3339),
		"inventoryItem": item,
	}
}

func (f *Fake) levelJSON(v *variant, loc int64, hasLoc bool) any {
	if !hasLoc {
		return nil
	}
	l := v.levels[loc]
	if l == nil {
		return nil
	}
	return map[string]any{
		"updatedAt": l.updatedAt.UTC().Format(time.RFC3339),
		"quantities": []any{
			map[string]any{"name": "available", "quantity": l.available},
			map[string]any{"name": "committed", "quantity": l.committed},
			map[string]any{"name": "on_hand", "quantity": l.available + l.committed},
		},
	}
}

// searchPage reads a searchable connection's arguments: its page size
// (first), the cursor it continues after, and its search query.
func (q *request) searchPage(field string) (first int, after int64, search string, err error) {
	args, err := q.args(field)
	if err != nil {
		return 0, 0, "", err
	}
	if first, err = pageSize(args, field); err != nil {
		return 0, 0, "", err
	}
	if c, ok, err := stringArg(args, "after"); err != nil {
		return 0, 0, "", err
	} else if ok {
		if after, err = decodeCursor(c); err != nil {
			return 0, 0, "", err
		}
	}
	if search, _, err = stringArg(args, "query"); err != nil {
		return 0, 0, "", err
	}
	return first, after, search, nil
}

func (q *request) planVariants() (rootField, error) {
	first, after, search, err := q.searchPage("productVariants")
	if err != nil {
		return rootField{}, err
	}
	match, err := skuFilter(search)
	if err != nil {
		return rootField{}, err
	}
	loc, hasLoc, err := q.levelLocation()
	if err != nil {
		return rootField{}, err
	}
	aliased, err := aliasedLevels(q.query, q.vars)
	if err != nil {
		return rootField{}, err
	}
	if pos := q.f.positionOf(after, match); pos+first > PaginationLimit {
		return rootField{}, fmt.Errorf("pagination is limited to %d objects (this page would reach object %d): use a bulk operation to read more", PaginationLimit, pos+first)
	}
	requested, per := q.cost("productVariants")
	q.f.stats.PageSizes[first]++
	return rootField{name: "productVariants", requested: requested, run: func() (any, int) {
		page, n := q.f.variantPage(after, first, func(v *variant) bool { return match(v.sku) }, func(v *variant) any {
			return q.f.variantJSON(v, loc, hasLoc, aliased)
		})
		return page, 2 + n*per
	}}, nil
}

// variantPage is one page of a connection over the shop's variants (or
// their inventory items) in id order: the first matching ones after the
// cursor, each as node makes it, with edges and pageInfo; n is how many.
func (f *Fake) variantPage(after int64, first int, match func(*variant) bool, node func(*variant) any) (page map[string]any, n int) {
	nodes, edges := []any{}, []any{}
	var last int64
	more := false
	for _, v := range f.variants {
		if v.id <= after || !match(v) {
			continue
		}
		if len(nodes) == first {
			more = true
			break
		}
		n := node(v)
		nodes = append(nodes, n)
		edges = append(edges, map[string]any{"cursor": encodeCursor(v.id), "node": n})
		last = v.id
	}
	info := map[string]any{"hasNextPage": more, "hasPreviousPage": after > 0, "endCursor": nil, "startCursor": nil}
	if len(nodes) > 0 {
		info["endCursor"] = encodeCursor(last)
		info["startCursor"] = edges[0].(map[string]any)["cursor"]
	}
	return map[string]any{"nodes": nodes, "edges": edges, "pageInfo": info}, len(nodes)
}

func (q *request) planNodes() (rootField, error) {
	args, err := q.args("nodes")
	if err != nil {
		return rootField{}, err
	}
	raw, ok := args["ids"].([]any)
	if !ok {
		return rootField{}, fmt.Errorf("nodes needs ids: [ID!]!")
	}
	if len(raw) > 250 {
		return rootField{}, fmt.Errorf("the input array size of %d is greater than the maximum allowed of 250", len(raw))
	}
	ids := make([]string, len(raw))
	for i, r := range raw {
		s, ok := r.(string)
		if !ok {
			return rootField{}, fmt.Errorf("ids[%d] must be an ID", i)
		}
		ids[i] = s
	}
	loc, hasLoc, err := q.levelLocation()
	if err != nil {
		return rootField{}, err
	}
	requested, _ := q.cost("nodes")
	return rootField{name: "nodes", requested: requested, run: func() (any, int) {
		out := make([]any, len(ids))
		for i, s := range ids {
			id, ok := parseGID(s, "InventoryItem")
			v := q.f.byItem[id]
			if !ok || v == nil {
				continue
			}
			out[i] = map[string]any{
				"__typename": "InventoryItem", "id": ItemGID(v.id), "sku": v.sku, "tracked": v.tracked,
				"inventoryLevel": q.f.levelJSON(v, loc, hasLoc),
			}
		}
		return out, requested
	}}, nil
}
