//go:build !headless

package main

// The window reaches Go by method name (frontend/src/bridge/wails.ts), so
// the names and arities of the bound methods are a contract. They are
// generated from the bound objects themselves into
// frontend/src/bridge/bound.ts, which the frontend's contract test checks
// every facade against; this test fails when that file is out of date
// (`make types` rewrites it).

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"shelfsync/backend/desktop"
	"shelfsync/backend/logs"
	"shelfsync/backend/services"
)

var updateBound = flag.Bool("update", false, "rewrite frontend/src/bridge/bound.ts")

const boundPath = "frontend/src/bridge/bound.ts"

func TestBoundMethodsFileIsCurrent(t *testing.T) {
	core, err := services.New(services.Options{DataDir: t.TempDir(), Headless: true, Logs: logs.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	defer core.Close()
	byPkg := map[string]map[string][]string{}
	for _, b := range bindings(desktop.NewWindowService(desktop.WindowOptions{}), core.Services()) {
		typ := reflect.TypeOf(b)
		pkg := typ.Elem().PkgPath()
		pkg = pkg[strings.LastIndex(pkg, "/")+1:]
		var methods []string
		for i := range typ.NumMethod() {
			m := typ.Method(i)
			methods = append(methods, fmt.Sprintf("%s: %d", m.Name, m.Type.NumIn()-1))
		}
		if byPkg[pkg] == nil {
			byPkg[pkg] = map[string][]string{}
		}
		byPkg[pkg][typ.Elem().Name()] = methods
	}
	var b bytes.Buffer
	b.WriteString("// Code generated from the bound Go objects by `make types`; DO NOT EDIT.\n")
	b.WriteString("// Each bound method with its number of arguments: window.go[pkg][struct][method].\n\n")
	b.WriteString("export const boundMethods: Record<string, Record<string, Record<string, number>>> = {\n")
	for _, pkg := range sortedKeys(byPkg) {
		fmt.Fprintf(&b, "  %s: {\n", pkg)
		for _, st := range sortedKeys(byPkg[pkg]) {
			fmt.Fprintf(&b, "    %s: { %s },\n", st, strings.Join(byPkg[pkg][st], ", "))
		}
		b.WriteString("  },\n")
	}
	b.WriteString("}\n")
	if *updateBound {
		if err := os.WriteFile(boundPath, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(boundPath)
	if err != nil || !bytes.Equal(want, b.Bytes()) {
		t.Fatalf("%s is not what the bound objects give (%v); run `make types` and commit it", boundPath, err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
