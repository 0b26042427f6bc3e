package woofake

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// listQuery is a validated /products or /variations query.
type listQuery struct {
	page, perPage  int
	orderBy, order string
	skus           map[string]bool
	include        map[int64]bool
	typ, status    string
	modifiedAfter  time.Time
	modifiedBefore time.Time
}

// parseListQuery validates a listing's query; loc is the zone of dates
// given without one (see Server.queryLocation).
func parseListQuery(q url.Values, loc *time.Location) (listQuery, map[string]string) {
	lq := listQuery{page: 1, perPage: 10, orderBy: "date", order: "desc", status: "any"}
	bad := map[string]string{}
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad["page"] = "page must be greater than or equal to 1"
		}
		lq.page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			bad["per_page"] = "per_page must be between 1 (inclusive) and 100 (inclusive)"
		}
		lq.perPage = n
	}
	if v := q.Get("orderby"); v != "" {
		switch v {
		case "date", "id", "modified", "title":
			lq.orderBy = v
		default:
			bad["orderby"] = "orderby is not one of date, id, include, title, slug, price, popularity, rating, menu_order, modified."
		}
	}
	if v := q.Get("order"); v != "" {
		if v != "asc" && v != "desc" {
			bad["order"] = "order is not one of asc and desc."
		}
		lq.order = v
	}
	if v := q.Get("sku"); v != "" {
		lq.skus = map[string]bool{}
		for _, s := range strings.Split(v, ",") {
			lq.skus[strings.TrimSpace(s)] = true
		}
	}
	if v := q.Get("include"); v != "" {
		lq.include = map[int64]bool{}
		for _, part := range strings.Split(v, ",") {
			id, ok := parseID(strings.TrimSpace(part))
			if !ok {
				bad["include"] = "include[0] is not of type integer."
				break
			}
			lq.include[id] = true
		}
	}
	if v := q.Get("type"); v != "" {
		switch v {
		case "simple", "grouped", "external", "variable":
			lq.typ = v
		default:
			bad["type"] = "type is not one of simple, grouped, external, and variable."
		}
	}
	if v := q.Get("status"); v != "" {
		lq.status = v
	}
	for _, name := range []string{"modified_after", "modified_before"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		t, err := parseWPDate(v, loc)
		if err != nil {
			bad[name] = "Invalid date."
			continue
		}
		if name == "modified_after" {
			lq.modifiedAfter = t
		} else {
			lq.modifiedBefore = t
		}
	}
	return lq, bad
}

// parseWPDate accepts the ISO-8601 forms WordPress takes; a date without
// a zone is in loc.
func parseWPDate(v string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.ParseInLocation(gmtLayout, v, loc); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("bad date %q", v)
}
