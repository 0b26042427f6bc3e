package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	shelfdesktop "shelfsync/backend/desktop"
)

// TestThePackagesLauncherRunsTheAgentWithoutWebKitAndStartsTheWindowBesideIt
// lays the two programs out as the Debian package does: the static build
// as bin/shelfsync, the window's build as lib/shelfsync/shelfsync-window.
// Launched, the static build is the resident agent with no WebKit loaded
// (so it starts without binding WebKit's symbols and idles without its
// pages) and starts the window's program, which it tells where the
// launcher is, for start at login.
func TestThePackagesLauncherRunsTheAgentWithoutWebKitAndStartsTheWindowBesideIt(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the app on a private desktop")
	}
	static := os.Getenv("SHELFSYNC_HEADLESS_BIN")
	if static == "" {
		if os.Getenv("SHELFSYNC_DESKTOP_TESTS") == "1" {
			t.Fatal("SHELFSYNC_HEADLESS_BIN is not set; make test sets it to the static build")
		}
		t.Skip("needs the static build (SHELFSYNC_HEADLESS_BIN)")
	}
	root := t.TempDir()
	launcher := filepath.Join(root, "usr", "bin", "shelfsync")
	window := filepath.Join(root, "usr", "lib", "shelfsync", "shelfsync-window")
	installProgram(t, static, launcher)
	installProgram(t, binary, window)

	d := startDesktop(t)
	a := startProgram(t, d, launcher, t.TempDir()+"/data", "SHELFSYNC_STARTUP_DELAY=1h")
	eventually(t, "the window to show", d.windowVisible)
	var windowProcess process
	eventually(t, "the window's program under the launcher", func() bool {
		for _, p := range descendants(a.cmd.Process.Pid) {
			if strings.HasPrefix(p.cmdline, " "+window+" --window ") {
				windowProcess = p
				return true
			}
		}
		return false
	})
	if want := " --launcher=" + launcher + " "; !strings.Contains(windowProcess.cmdline+" ", want) {
		t.Fatalf("the window was started as %q; want it told the launcher (%q), which start at login must start", windowProcess.cmdline, want)
	}
	if maps := mappedFiles(t, a.cmd.Process.Pid); strings.Contains(maps, "libwebkit2gtk") || strings.Contains(maps, "libgtk-3") {
		t.Fatal("the launcher has WebKitGTK or GTK mapped; the static build should load neither")
	}
	if !strings.Contains(mappedFiles(t, windowProcess.pid), "libwebkit2gtk") {
		t.Fatal("the window's program has no WebKitGTK mapped: is it the window's build?")
	}
	// WebKit's web process, on the way to every first paint, inherits the
	// loader's preload the launcher gave the window (shelfdesktop.WindowEnvironment).
	if want := shelfdesktop.Preload(shelfdesktop.WindowEnvironment(nil)); want != "" {
		var webProcess process
		eventually(t, "WebKit's web process", func() bool {
			for _, p := range descendants(windowProcess.pid) {
				if p.name == "WebKitWebProces" {
					webProcess = p
					return true
				}
			}
			return false
		})
		if got := shelfdesktop.Preload(processEnvironment(t, webProcess.pid)); got != want {
			t.Fatalf("WebKit's web process runs with LD_PRELOAD=%q, want %q", got, want)
		}
	}

	// Closing the window ends its program; the agent goes on in the tray.
	d.closeWindow(t)
	eventually(t, "the window's program to end", func() bool { return len(webViews(a.cmd.Process.Pid)) == 0 })
	if !a.running() {
		t.Fatal("the agent ended with its window")
	}
}

// installProgram puts an executable at path, as a package would.
func installProgram(t *testing.T, from, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, from, path)
}

// processEnvironment is /proc/PID/environ.
func processEnvironment(t *testing.T, pid int) []string {
	t.Helper()
	env, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "environ"))
	if err != nil {
		t.Fatalf("read the environment of process %d: %v", pid, err)
	}
	return strings.Split(strings.TrimRight(string(env), "\x00"), "\x00")
}

// mappedFiles is /proc/PID/maps: the files a process has mapped.
func mappedFiles(t *testing.T, pid int) string {
	t.Helper()
	maps, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "maps"))
	if err != nil {
		t.Fatalf("read the maps of process %d: %v", pid, err)
	}
	return string(maps)
}
