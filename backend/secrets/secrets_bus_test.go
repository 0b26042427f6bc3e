package secrets

import (
	"os/exec"
	"strings"
	"testing"
)

// Without a session bus the keyring cannot answer; Open must fall back to
// the file without starting a bus of its own.
func TestOpenWithoutASessionBusUsesTheFileAndStartsNoBus(t *testing.T) {
	if _, err := exec.LookPath("pgrep"); err != nil {
		t.Skip("pgrep is not installed")
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	before := countDaemons(t)
	_, backend, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if backend != BackendFile {
		t.Errorf("backend = %s, want file", backend)
	}
	if after := countDaemons(t); after > before {
		t.Errorf("Open started %d dbus-daemon(s)", after-before)
	}
}

func countDaemons(t *testing.T) int {
	out, _ := exec.Command("pgrep", "-c", "dbus-daemon").Output()
	n := 0
	for _, c := range strings.TrimSpace(string(out)) {
		n = n*10 + int(c-'0')
	}
	return n
}
