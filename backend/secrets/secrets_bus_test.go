package secrets

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Without a session bus the keyring cannot answer; Open must fall back to
// the file without starting a bus of its own (D-Bus autolaunch runs
// dbus-launch, which leaves a daemon behind every CLI command).
func TestOpenWithoutASessionBusUsesTheFileAndLaunchesNoBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the session bus question is Linux's")
	}
	bin := t.TempDir()
	marker := filepath.Join(bin, "launched")
	fake := "#!/bin/sh\ntouch " + marker + "\nexit 1\n"
	if err := os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")

	_, backend, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if backend != BackendFile {
		t.Errorf("backend = %s, want file", backend)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("Open ran dbus-launch; it must not start a session bus")
	}
}
