// Command trayhost stands in for a desktop's tray host on a private session
// bus: it owns org.kde.StatusNotifierWatcher and accepts every item, so
// ShelfSync sees a tray and closing its window ends the window's process
// (scripts/footprint.sh). It runs until killed.
package main

import (
	"fmt"
	"os"

	"github.com/godbus/dbus/v5"
)

const watcher = "org.kde.StatusNotifierWatcher"

type host struct{}

func (host) RegisterStatusNotifierItem(string) *dbus.Error { return nil }
func (host) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

func main() {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "trayhost: no session bus:", err)
		os.Exit(1)
	}
	if err := conn.Export(host{}, "/StatusNotifierWatcher", watcher); err != nil {
		fmt.Fprintln(os.Stderr, "trayhost:", err)
		os.Exit(1)
	}
	if reply, err := conn.RequestName(watcher, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "trayhost: could not own", watcher, err)
		os.Exit(1)
	}
	select {}
}
