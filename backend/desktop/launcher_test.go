package desktop

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTheWindowRoleTakesTheLauncherStartAtLoginMustStart(t *testing.T) {
	role, rest := TakeWindowFlags([]string{WindowFlag, "--data-dir", "/d", LauncherFlag + "=/usr/bin/shelfsync", ShowRunFlag + "=7"})
	if !role.Window || role.ShowRun != 7 || role.Launcher != "/usr/bin/shelfsync" {
		t.Fatalf("role %+v", role)
	}
	if len(rest) != 2 || rest[0] != "--data-dir" || rest[1] != "/d" {
		t.Fatalf("left %q for the CLI", rest)
	}
	a, err := NewAutostart(role.Launcher)
	if err != nil {
		t.Fatal(err)
	}
	if a.Exec != "/usr/bin/shelfsync" {
		t.Fatalf("start at login would start %q, not the launcher", a.Exec)
	}
}

func TestTheWindowProgramIsFoundBesideTheLauncherOrInTheLibFolder(t *testing.T) {
	program := func(path string, mode os.FileMode) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
		return path
	}

	pkg := t.TempDir()
	launcher := program(filepath.Join(pkg, "usr", "bin", "shelfsync"), 0o755)
	if got := WindowProgramBeside(launcher); got != "" {
		t.Fatalf("found %q where there is no window's program: a server's static build would not say it has no window", got)
	}
	window := program(filepath.Join(pkg, "usr", "lib", "shelfsync", WindowProgramName), 0o755)
	if got := WindowProgramBeside(launcher); got != window {
		t.Fatalf("found %q, want the package's %q", got, window)
	}

	folder := t.TempDir()
	launcher = program(filepath.Join(folder, "shelfsync"), 0o755)
	beside := program(filepath.Join(folder, WindowProgramName), 0o644)
	if got := WindowProgramBeside(launcher); got != "" {
		t.Fatalf("found %q, which is not executable", got)
	}
	if err := os.Chmod(beside, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := WindowProgramBeside(launcher); got != beside {
		t.Fatalf("found %q, want %q beside the launcher", got, beside)
	}
	if got := WindowProgramBeside(beside); got != "" {
		t.Fatalf("the window's program found %q as its own window", got)
	}
}
