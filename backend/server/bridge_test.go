package server

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"shelfsync/backend/services"
)

var (
	// callGo<T>('pkg', 'Struct', 'Method', …)
	directCall = regexp.MustCompile(`callGo(?:<[^()]*>)?\(\s*'(\w+)',\s*'(\w+)',\s*'(\w+)'`)
	// const svc = <T>(method: string, …) => callGo<T>('pkg', 'Struct', method, …)
	helperDef = regexp.MustCompile(`const (\w+) = <T>\(method: string[^)]*\) =>\s*callGo<T>\(\s*'(\w+)',\s*'(\w+)',\s*method`)
)

// The frontend's facades are what every screen calls; in a browser each of
// their calls must reach an endpoint, or that screen breaks only there.
func TestEveryCallTheBridgeMakesHasAnEndpoint(t *testing.T) {
	w := newWorld(t, "")
	bridge, err := filepath.Glob("../../frontend/src/bridge/*.ts")
	if err != nil || len(bridge) == 0 {
		t.Fatalf("no bridge files found: %v", err)
	}
	calls := map[string]bool{}
	for _, path := range bridge {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, m := range directCall.FindAllStringSubmatch(src, -1) {
			calls[m[1]+"."+m[2]+"."+m[3]] = true
		}
		for _, h := range helperDef.FindAllStringSubmatch(src, -1) {
			use := regexp.MustCompile(`\b` + h[1] + `(?:<[^()]*>)?\(\s*'(\w+)'`)
			for _, m := range use.FindAllStringSubmatch(src, -1) {
				calls[h[2]+"."+h[3]+"."+m[1]] = true
			}
		}
	}
	if len(calls) < 20 {
		t.Fatalf("found only %d calls in the bridge; has its shape changed? %v", len(calls), calls)
	}
	list, err := Endpoints(append([]any{BindShell()}, services.Bound(w.core.Services())...)...)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, e := range list {
		have[e.Name] = true
	}
	for call := range calls {
		if !have[call] {
			t.Errorf("the bridge calls %s, which shelfsync serve does not expose", call)
		}
	}
}
