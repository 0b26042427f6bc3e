package desktop

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeLibDir lays out a library folder where WebKitGTK's library needs
// the libraries named; needs reads them back as the ELF file would say.
func fakeLibDir(t *testing.T, webKitNeeds ...string) (string, func(string) ([]string, error)) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range append([]string{webKitLibrary}, webKitNeeds...) {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, func(path string) ([]string, error) {
		if path != filepath.Join(dir, webKitLibrary) {
			return nil, errors.New("not WebKitGTK: " + path)
		}
		return append([]string{"libc.so.6"}, webKitNeeds...), nil
	}
}

func TestTheWindowsLoaderSearchesFliteVoiceFirstWhenWebKitLinksIt(t *testing.T) {
	dir, needs := fakeLibDir(t, "libjavascriptcoregtk-4.1.so.0", webKitVoiceLibrary)
	env := windowEnvironment([]string{"HOME=/home/m", "DISPLAY=:0"}, []string{t.TempDir(), dir}, needs)
	if got, want := Preload(env), filepath.Join(dir, webKitVoiceLibrary); got != want {
		t.Fatalf("%s = %q, want %q", loaderPreloadEnv, got, want)
	}
	if !slices.Contains(env, "HOME=/home/m") || !slices.Contains(env, "DISPLAY=:0") {
		t.Fatalf("the rest of the environment was lost: %q", env)
	}
}

func TestTheMerchantsOwnPreloadKeepsItsPlaceBeforeOurs(t *testing.T) {
	dir, needs := fakeLibDir(t, webKitVoiceLibrary)
	env := windowEnvironment([]string{"LD_PRELOAD=/opt/tool/libhook.so"}, []string{dir}, needs)
	if got, want := Preload(env), "/opt/tool/libhook.so:"+filepath.Join(dir, webKitVoiceLibrary); got != want {
		t.Fatalf("%s = %q, want %q", loaderPreloadEnv, got, want)
	}
	if n := strings.Count(strings.Join(env, "\n"), loaderPreloadEnv+"="); n != 1 {
		t.Fatalf("%d %s entries, want one: %q", n, loaderPreloadEnv, env)
	}
}

func TestAWebKitWithoutFliteLeavesTheEnvironmentAlone(t *testing.T) {
	dir, needs := fakeLibDir(t, "libjavascriptcoregtk-4.1.so.0")
	// The voice lies in the folder, but this WebKitGTK does not load it:
	// preloading it would only add a library to load.
	if err := os.WriteFile(filepath.Join(dir, webKitVoiceLibrary), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	in := []string{"HOME=/home/m"}
	if env := windowEnvironment(in, []string{dir}, needs); !slices.Equal(env, in) {
		t.Fatalf("environment = %q, want it unchanged", env)
	}
}

func TestNoWebKitFoundLeavesTheEnvironmentAlone(t *testing.T) {
	in := []string{"HOME=/home/m"}
	if env := windowEnvironment(in, []string{t.TempDir()}, elfNeeds); !slices.Equal(env, in) {
		t.Fatalf("environment = %q, want it unchanged", env)
	}
}

// The real library folders of this machine, which builds the window:
// Debian's WebKitGTK links flite for speech synthesis.
func TestThisMachinesWebKitGetsItsVoicePreloaded(t *testing.T) {
	dir := ""
	for _, d := range systemLibraryDirs() {
		if _, err := os.Stat(filepath.Join(d, webKitLibrary)); err == nil {
			dir = d
			break
		}
	}
	if dir == "" {
		t.Skip("WebKitGTK 4.1 is not installed here (make setup installs it)")
	}
	names, err := elfNeeds(filepath.Join(dir, webKitLibrary))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, webKitVoiceLibrary) {
		t.Skipf("this WebKitGTK is built without flite (it needs %d libraries, none of them the voice)", len(names))
	}
	if got, want := Preload(WindowEnvironment(nil)), filepath.Join(dir, webKitVoiceLibrary); got != want {
		t.Fatalf("%s = %q, want %q", loaderPreloadEnv, got, want)
	}
}

func TestProgramsTheWindowStartsDoNotInheritWebKitsVoice(t *testing.T) {
	voice := "/usr/lib/x86_64-linux-gnu/" + webKitVoiceLibrary
	for _, c := range []struct{ name, preload, want string }{
		{"ours alone", voice, ""},
		{"the merchant's kept", "/opt/m/libshim.so:" + voice, "/opt/m/libshim.so"},
		{"none", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := []string{"HOME=/home/m"}
			if c.preload != "" {
				env = append(env, loaderPreloadEnv+"="+c.preload)
			}
			got := ChildEnvironment(env)
			if Preload(got) != c.want {
				t.Fatalf("%s = %q, want %q (%q)", loaderPreloadEnv, Preload(got), c.want, got)
			}
			if c.want == "" && slices.ContainsFunc(got, func(kv string) bool { return strings.HasPrefix(kv, loaderPreloadEnv+"=") }) {
				t.Fatalf("an empty %s is left: %q", loaderPreloadEnv, got)
			}
			if !slices.Contains(got, "HOME=/home/m") {
				t.Fatalf("the rest of the environment was lost: %q", got)
			}
		})
	}
}

// The file manager the window opens for the log folder is started without
// the voice the window's loader was given (it needs none of WebKit's).
func TestOpenFolderStartsTheFileManagerWithoutWebKitsVoice(t *testing.T) {
	bin := t.TempDir()
	seen := filepath.Join(bin, "environ")
	script := "#!/bin/sh\nenv > " + seen + ".tmp && mv " + seen + ".tmp " + seen + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	t.Setenv(loaderPreloadEnv, "/usr/lib/x86_64-linux-gnu/"+webKitVoiceLibrary)
	if err := OpenFolder(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	var env []byte
	for i := 0; i < 500 && env == nil; i++ {
		env, _ = os.ReadFile(seen) // written whole by mv; absent until then
		if env == nil {
			time.Sleep(10 * time.Millisecond)
		}
	}
	if env == nil {
		t.Fatal("the fake file manager never ran")
	}
	if strings.Contains(string(env), webKitVoiceLibrary) {
		t.Fatalf("xdg-open inherited the window's preload:\n%s", env)
	}
}
