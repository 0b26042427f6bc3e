package events

// The window's event names and payload types (frontend/src/bridge/
// goevents.ts) are generated from Listener and ByName, where each event's
// name and payload are paired once. `make types` rewrites the file; this
// test fails while it is out of date.

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite frontend/src/bridge/goevents.ts")

const tsPath = "../../frontend/src/bridge/goevents.ts"

func TestTheWindowsEventTypesAreCurrent(t *testing.T) {
	listener := reflect.TypeOf((*Listener)(nil)).Elem()
	var lines, imports []string
	for i := range listener.NumMethod() {
		m := listener.Method(i)
		var name string
		var payload any
		byName := reflect.ValueOf(ByName{Emit: func(n string, p any) { name, payload = n, p }})
		args := make([]reflect.Value, m.Type.NumIn())
		for j := range args {
			args[j] = reflect.Zero(m.Type.In(j))
		}
		byName.MethodByName(m.Name).Call(args)
		ts := "undefined"
		if payload != nil {
			switch typ := reflect.TypeOf(payload); typ.Kind() {
			case reflect.Struct:
				ts = typ.Name()
				if !slices.Contains(imports, ts) {
					imports = append(imports, ts)
				}
			case reflect.String:
				ts = "string"
			case reflect.Int, reflect.Uint, reflect.Int64, reflect.Uint64:
				ts = "number"
			default:
				t.Fatalf("%s: no TypeScript for %s", m.Name, typ)
			}
		}
		lines = append(lines, fmt.Sprintf("  '%s': %s\n", name, ts))
	}
	sort.Strings(lines)
	sort.Strings(imports)
	var b bytes.Buffer
	b.WriteString("// Code generated from backend/events (Listener, ByName) by `make types`; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "import type { %s } from './types'\n\n", strings.Join(imports, ", "))
	b.WriteString("/** Each event Go sends to the window, with its payload. */\nexport interface GoEventPayloads {\n")
	for _, l := range lines {
		b.WriteString(l)
	}
	b.WriteString("}\n")
	if *update {
		if err := os.WriteFile(tsPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(tsPath)
	if err != nil || !bytes.Equal(want, b.Bytes()) {
		t.Fatalf("%s is not what backend/events gives (%v); run `make types` and commit it", tsPath, err)
	}
}
