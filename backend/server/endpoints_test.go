package server

import (
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"shelfsync/backend/services"
)

// wailsName names a bound method the way Wails v2 does when it binds it
// (internal/binding: the method's function name, such as
// "shelfsync/backend/services.(*SyncService).Start", cut to
// "services.SyncService.Start"), apart from how Endpoints names it.
func wailsName(method reflect.Method) string {
	name := runtime.FuncForPC(method.Func.Pointer()).Name()
	name = name[strings.LastIndex(name, "/")+1:]
	return strings.NewReplacer("(*", "", ")", "").Replace(name)
}

func TestEveryBoundServiceMethodHasAnEndpoint(t *testing.T) {
	w := newWorld(t, "")
	c := w.browser(t)
	csrf := w.csrf(t, c)
	bound := services.Bound(w.core.Services())
	if len(bound) == 0 {
		t.Fatal("services.Bound lists nothing")
	}
	methods := 0
	for _, obj := range bound {
		typ := reflect.TypeOf(obj)
		for i := 0; i < typ.NumMethod(); i++ {
			methods++
			name := wailsName(typ.Method(i))
			// Calls with no arguments: a method taking some answers 400,
			// one taking none runs; an unbound name would answer 404.
			status, body := w.call(t, c, csrf, "/api/"+strings.ReplaceAll(name, ".", "/"))
			if status == http.StatusNotFound {
				t.Errorf("%s is bound in the window but has no endpoint: %s", name, body)
			}
		}
	}
	if methods < 20 {
		t.Fatalf("only %d bound methods found", methods)
	}
}

func TestTheShellAnswersTheWindowShellsNames(t *testing.T) {
	w := newWorld(t, "")
	c := w.browser(t)
	csrf := w.csrf(t, c)
	if status, body := w.call(t, c, csrf, "/api/services/PreferencesService/SetPaused", true); status != http.StatusOK {
		t.Fatalf("SetPaused: %d %s", status, body)
	}
	if status, body := w.call(t, c, csrf, "/api/services/PreferencesService/Paused"); status != http.StatusOK || body != "true" {
		t.Fatalf("Paused after pausing: %d %s", status, body)
	}
	status, body := w.call(t, c, csrf, "/api/desktop/WindowService/SetStartAtLogin", true)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "docs/SERVER.md") {
		t.Fatalf("SetStartAtLogin on a server: %d %s", status, body)
	}
}

func TestACallWithArgumentsThatDoNotFitIsRefused(t *testing.T) {
	w := newWorld(t, "")
	c := w.browser(t)
	csrf := w.csrf(t, c)
	for _, args := range [][]any{{}, {"one"}, {"one", "full"}, {1, "full", 3}} {
		if status, _ := w.call(t, c, csrf, "/api/services/SyncService/Start", args...); status != http.StatusBadRequest {
			t.Errorf("Start%v: %d, want 400", args, status)
		}
	}
	if status, body := w.call(t, c, csrf, "/api/services/SyncService/Start", 999, "full"); status != http.StatusUnprocessableEntity || !strings.Contains(body, "no longer exists") {
		t.Errorf("Start of a missing connection: %d %s, want its sentence", status, body)
	}
}
