package services

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"shelfsync/backend/types"
)

// The generated TypeScript types say a DTO's lists and maps are arrays and
// records, never null; so every bound method must send them made, even
// empty. This walks what each read method returns.
func TestBoundMethodsNeverSendANullListOrMap(t *testing.T) {
	w := newWorld(t, false)
	conn, err := w.conns.Create(demoPair("Shop"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync.Start(conn.ID, "full"); err != nil {
		t.Fatal(err)
	}
	run := w.waitFinished(t, 1)
	results := map[string]func() (any, error){
		"Connection.Kinds":        func() (any, error) { return w.conns.Kinds() },
		"Connection.List":         func() (any, error) { return w.conns.List() },
		"Connection.Get":          func() (any, error) { return w.conns.Get(conn.ID) },
		"Connection.Test":         func() (any, error) { return w.conns.Test(demoPair("Probe")) },
		"Connection.PreviewRules": func() (any, error) { return w.conns.PreviewRules(conn.ID, types.Rules{}) },
		"Inventory.Page":          func() (any, error) { return w.inv.Page(types.InventoryQuery{ConnectionID: conn.ID}) },
		"History.List":            func() (any, error) { return w.history.List(types.HistoryQuery{ConnectionID: conn.ID}) },
		"History.Get":             func() (any, error) { return w.history.Get(run.RunID) },
		"History.Chart":           func() (any, error) { return w.history.Chart(conn.ID, 30) },
		"Sync.Preview":            func() (any, error) { return w.sync.Preview(conn.ID, "smart") },
		"Sync.Running":            func() (any, error) { return w.sync.Running() },
	}
	for name, call := range results {
		got, err := call()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, path := range nilCollections(reflect.ValueOf(got), name) {
			t.Errorf("%s is null; want an empty list or map", path)
		}
	}
}

// nilCollections lists the paths of nil slices and maps that encoding/json
// would write as null (a field tagged omitempty is left out instead).
func nilCollections(v reflect.Value, path string) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = append(out, nilCollections(v.Elem(), path)...)
		}
	case reflect.Slice, reflect.Map:
		if v.IsNil() {
			return []string{path}
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				out = append(out, nilCollections(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			tag := f.Tag.Get("json")
			fv := v.Field(i)
			if !f.IsExported() || tag == "-" || (strings.Contains(tag, ",omitempty") && fv.IsZero()) {
				continue
			}
			out = append(out, nilCollections(fv, path+"."+f.Name)...)
		}
	}
	return out
}
