//go:build !headless

package main

import (
	"reflect"
	"slices"
	"testing"

	"shelfsync/backend/desktop"
	"shelfsync/backend/server"
)

// In a browser, `shelfsync serve` answers the window's calls to
// desktop.WindowService with server.Shell; a method the service gains must
// be answered there too (or the screen that calls it breaks only in a
// browser).
func TestTheServersShellAnswersEveryMethodOfTheWindowService(t *testing.T) {
	names := func(v any) []string {
		typ := reflect.TypeOf(v)
		var out []string
		for i := 0; i < typ.NumMethod(); i++ {
			out = append(out, typ.Method(i).Name)
		}
		return out
	}
	shell, window := names(&server.Shell{}), names(&desktop.WindowService{})
	for _, m := range window {
		if !slices.Contains(shell, m) {
			t.Errorf("desktop.WindowService.%s has no counterpart on server.Shell", m)
		}
	}
	for _, m := range shell {
		if !slices.Contains(window, m) {
			t.Errorf("server.Shell.%s is not a method of desktop.WindowService, yet the server would expose it as desktop.WindowService.%s", m, m)
		}
	}
	if len(window) == 0 {
		t.Fatal("desktop.WindowService has no methods")
	}
}
