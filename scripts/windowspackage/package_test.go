// Package windowspackage checks the Windows installer: the NSIS script that
// `make package-windows` feeds makensis, and, when SHELFSYNC_WINDOWS_BIN
// names the folder the build wrote (build/bin), the executables and the
// installer themselves. It runs here, on Linux: the installer is
// cross-built and never run on this machine.
package windowspackage

import (
	"debug/pe"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// PE optional header subsystems (winnt.h).
const (
	subsystemGUI     = 2 // IMAGE_SUBSYSTEM_WINDOWS_GUI: no console
	subsystemConsole = 3 // IMAGE_SUBSYSTEM_WINDOWS_CUI
)

func installerDir(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "build", "windows", "installer")
}

// preprocessed is project.nsi as makensis reads it, every !define and
// !include resolved (makensis -PPO): the script the installer is built from.
func preprocessed(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("makensis"); err != nil {
		t.Skip("makensis is not installed (Debian's nsis package; make setup installs it)")
	}
	cmd := exec.Command("makensis", "-PPO", "-DARG_WAILS_AMD64_BINARY=shelfsync.exe", "project.nsi")
	cmd.Dir = installerDir(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("makensis -PPO project.nsi: %v\n%s", err, out)
	}
	return string(out)
}

// sections splits a preprocessed script into its Section … SectionEnd
// blocks, keyed by their header line.
func sections(script string) map[string]string {
	out := map[string]string{}
	re := regexp.MustCompile(`(?ms)^\s*(Section\b[^\n]*)\n(.*?)^\s*SectionEnd`)
	for _, m := range re.FindAllStringSubmatch(script, -1) {
		out[strings.TrimSpace(m[1])] = m[2]
	}
	return out
}

func mustContain(t *testing.T, where, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q", where, want)
		}
	}
}

func TestTheInstallerInstallsForTheUserWithoutAnAdministrator(t *testing.T) {
	script := preprocessed(t)
	mustContain(t, "the installer script", script,
		`RequestExecutionLevel "user"`,
		`InstallDir "$LOCALAPPDATA\Programs\ShelfSync"`,
		`WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\`,                                 // Apps & features, per user
		`ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"`, // WebView2 for this user
	)
	for _, admin := range []string{`RequestExecutionLevel "admin"`, `RequestExecutionLevel admin`, `InstallDir "$PROGRAMFILES`, `WriteRegStr HKLM`} {
		if strings.Contains(script, admin) {
			t.Errorf("the installer script still has %q", admin)
		}
	}
}

func TestTheInstallerPutsTheConsoleTwinBesideTheWindowAndOnThePath(t *testing.T) {
	var install, uninstall, deleteData string
	for header, body := range sections(preprocessed(t)) {
		switch {
		case strings.Contains(header, "un.Also delete my ShelfSync data"):
			deleteData = header + "\n" + body
		case strings.Contains(header, `"un.`):
			uninstall = body
		default:
			install = body
		}
	}
	mustContain(t, "the install section", install,
		`File "/oname=shelfsync.exe"`,
		`File "/oname=shelfsync.com"`,
		`WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"`,
		`CreateShortcut "$SMPROGRAMS\ShelfSync.lnk" "$INSTDIR\shelfsync.exe"`, // the Start menu runs the window
	)
	mustContain(t, "the uninstall section", uninstall,
		`RMDir /r $INSTDIR`,
		`WriteRegExpandStr HKCU "Environment" "Path" "$0"`,
		`DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "ShelfSync"`,
	)
	if strings.Contains(uninstall, `$APPDATA\ShelfSync"`) {
		t.Error("the uninstall section deletes the data folder without being asked")
	}
	mustContain(t, "the optional data section", deleteData, `Section /o`, `RMDir /r "$APPDATA\ShelfSync"`)
}

// builtFolder is where make package-windows wrote the executables and the
// installer, or the test is skipped.
func builtFolder(t *testing.T) string {
	dir := os.Getenv("SHELFSYNC_WINDOWS_BIN")
	if dir == "" {
		t.Skip("SHELFSYNC_WINDOWS_BIN is not set; make package-windows sets it after building")
	}
	return dir
}

func subsystem(t *testing.T, path string) uint16 {
	t.Helper()
	f, err := pe.Open(path)
	if err != nil {
		t.Fatalf("read the PE header of %s: %v", path, err)
	}
	defer f.Close()
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		return h.Subsystem
	case *pe.OptionalHeader32:
		return h.Subsystem
	}
	t.Fatalf("%s has no optional header", path)
	return 0
}

func checkSubsystems(t *testing.T, dir string) {
	t.Helper()
	if got := subsystem(t, filepath.Join(dir, "shelfsync.exe")); got != subsystemGUI {
		t.Errorf("shelfsync.exe has subsystem %d, want %d (GUI: the window, no console)", got, subsystemGUI)
	}
	if got := subsystem(t, filepath.Join(dir, "shelfsync.com")); got != subsystemConsole {
		t.Errorf("shelfsync.com has subsystem %d, want %d (console: the command line prints)", got, subsystemConsole)
	}
}

func TestTheBuiltWindowIsGUIAndItsTwinConsole(t *testing.T) {
	checkSubsystems(t, builtFolder(t))
}

// The installer's own file list, read by 7-Zip (which opens NSIS
// installers), holds both executables, and they are the right ones.
func TestTheInstallerHoldsBothExecutables(t *testing.T) {
	dir := builtFolder(t)
	sevenZip, err := exec.LookPath("7zz")
	if err != nil {
		t.Skip("7zz is not installed (Debian's 7zip package; make setup installs it)")
	}
	installer := filepath.Join(dir, "ShelfSync-amd64-installer.exe")
	out, err := exec.Command(sevenZip, "l", "-ba", installer).CombinedOutput()
	if err != nil {
		t.Fatalf("7zz l %s: %v\n%s", installer, err, out)
	}
	for _, name := range []string{"shelfsync.exe", "shelfsync.com", "uninstall.exe"} {
		if !regexp.MustCompile(`(?m)\s` + regexp.QuoteMeta(name) + `$`).Match(out) {
			t.Errorf("the installer's file list lacks %s:\n%s", name, out)
		}
	}
	unpacked := t.TempDir()
	if out, err := exec.Command(sevenZip, "x", "-o"+unpacked, installer, "shelfsync.exe", "shelfsync.com").CombinedOutput(); err != nil {
		t.Fatalf("7zz x: %v\n%s", err, out)
	}
	checkSubsystems(t, unpacked)
}
