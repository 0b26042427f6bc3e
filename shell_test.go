//go:build !headless

package main

import (
	"reflect"
	"slices"
	"testing"

	"shelfsync/backend/server"
)

// In a browser, `shelfsync serve` answers the window's calls to App with
// server.Shell; a method App gains must be answered there too (or the
// screen that calls it breaks only in a browser).
func TestTheServersShellAnswersEveryMethodOfTheWindowsShell(t *testing.T) {
	names := func(v any) []string {
		typ := reflect.TypeOf(v)
		var out []string
		for i := 0; i < typ.NumMethod(); i++ {
			out = append(out, typ.Method(i).Name)
		}
		return out
	}
	shell, app := names(&server.Shell{}), names(&App{})
	for _, m := range app {
		if !slices.Contains(shell, m) {
			t.Errorf("App.%s has no counterpart on server.Shell", m)
		}
	}
	for _, m := range shell {
		if !slices.Contains(app, m) {
			t.Errorf("server.Shell.%s is not a method of App, yet the server would expose it as main.App.%s", m, m)
		}
	}
}
