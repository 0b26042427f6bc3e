//go:build linux

package desktop

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
)

// HandOff asks an instance already running on this session bus to come
// forward, and reports whether one did; the caller then exits.
//
// Wails' own SingleInstanceLock does the same, but only after it has
// started OnStartup on another goroutine, so a second launch would briefly
// start a scheduler and a tray icon of its own. This asks first, under the
// bus name and method Wails v2.15 exports (internal/frontend/desktop/linux/
// single_instance.go), so the running instance's OnSecondInstanceLaunch
// answers it. Without a session bus there is no one to ask: false.
func HandOff(instanceID string, args []string) bool {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	id := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(instanceID)
	name := "org." + id + ".SingleInstance"
	path := dbus.ObjectPath("/org/" + id + "/SingleInstance")

	var hasOwner bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&hasOwner); err != nil || !hasOwner {
		return false
	}
	wd, _ := os.Getwd()
	msg, err := json.Marshal(struct {
		Args             []string
		WorkingDirectory string
	}{args, wd})
	if err != nil {
		return false
	}
	if err := conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Err; err != nil {
		fmt.Fprintln(os.Stderr, "shelfsync: another ShelfSync runs but did not answer:", err)
		return false
	}
	return true
}
