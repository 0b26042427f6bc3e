package desktop

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestStartAtLoginWritesAndRemovesTheEntry(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the Run key is written to the real registry; covered by the installer check")
	}
	a := &Autostart{Exec: "/opt/Shelf Sync/shelfsync", Dir: filepath.Join(t.TempDir(), "autostart")}
	if a.Enabled() {
		t.Fatal("on before it was turned on")
	}
	if err := a.Set(true); err != nil {
		t.Fatal(err)
	}
	if !a.Enabled() {
		t.Fatal("off after turning it on")
	}
	entries, _ := os.ReadDir(a.Dir)
	if len(entries) != 1 {
		t.Fatalf("%d files in the autostart folder", len(entries))
	}
	body, _ := os.ReadFile(filepath.Join(a.Dir, entries[0].Name()))
	if !strings.Contains(string(body), HiddenFlag) {
		t.Fatalf("the entry does not start hidden:\n%s", body)
	}
	if err := a.Set(false); err != nil {
		t.Fatal(err)
	}
	if a.Enabled() {
		t.Fatal("still on after turning it off")
	}
	if err := a.Set(false); err != nil {
		t.Fatalf("turning off twice: %v", err)
	}
}

func TestXDGEntryQuotesAPathWithSpaces(t *testing.T) {
	entry := xdgEntry(`/opt/Shelf Sync/shelfsync`)
	if !strings.Contains(entry, "\nExec=\"/opt/Shelf Sync/shelfsync\" --hidden\n") {
		t.Fatalf("entry:\n%s", entry)
	}
	if !strings.Contains(xdgEntry("/usr/bin/shelfsync"), "\nExec=/usr/bin/shelfsync --hidden\n") {
		t.Fatal("a plain path should stay unquoted")
	}
}

func TestLaunchAgentRunsAtLoadWithTheEscapedPath(t *testing.T) {
	plist := launchAgentPlist("/Applications/A&B.app/Contents/MacOS/ShelfSync")
	for _, want := range []string{"<string>/Applications/A&amp;B.app/Contents/MacOS/ShelfSync</string>", "<key>RunAtLoad</key>\n\t<true/>", "<string>--hidden</string>"} {
		if !strings.Contains(plist, want) {
			t.Fatalf("plist lacks %q:\n%s", want, plist)
		}
	}
	if got := windowsRunValue(`C:\Program Files\ShelfSync\shelfsync.exe`); got != `"C:\Program Files\ShelfSync\shelfsync.exe" --hidden` {
		t.Fatalf("run value %q", got)
	}
}

func TestTakeHiddenFlagLeavesTheRest(t *testing.T) {
	hidden, rest := TakeHiddenFlag([]string{"--data-dir", "/x", "--hidden"})
	if !hidden || strings.Join(rest, " ") != "--data-dir /x" {
		t.Fatalf("%v %v", hidden, rest)
	}
}

func TestInstanceIDIsPerDataDir(t *testing.T) {
	a, b := InstanceID("/data/one"), InstanceID("/data/two")
	if a == b || a != InstanceID("/data/one/") {
		t.Fatalf("%s %s", a, b)
	}
}

func TestStartupDelayRejectsNonsense(t *testing.T) {
	t.Setenv(StartupDelayEnv, "soon")
	if _, err := StartupDelay(); err == nil {
		t.Fatal("accepted 'soon'")
	}
	t.Setenv(StartupDelayEnv, "2s")
	if d, err := StartupDelay(); err != nil || d.Seconds() != 2 {
		t.Fatalf("%v %v", d, err)
	}
}
