package desktop

import (
	"debug/elf"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// Every process that loads WebKitGTK (the window's, then WebKit's web and
// network processes, one after the other on the way to the first paint)
// has the dynamic loader bind some 70,000 symbols through about 170
// libraries, each lookup walking the libraries in load order until one
// defines the name. Debian and Ubuntu build WebKitGTK with flite for
// speech synthesis, and the voice library below holds 31,000 of those
// symbols: its voice tables point at its own data, and it loads 56th. So
// the loader spent more time walking past the first 55 libraries than
// anything else, about 25 ms in each process at this VM's speed. Preloaded,
// the voice comes first and those lookups end at once; nothing else
// changes, since it defines only flite's own names. The window's
// environment carries it, and WebKit starts its processes with that
// environment (BENCHMARKS.md, "the loader's search").
const (
	webKitLibrary      = "libwebkit2gtk-4.1.so.0"
	webKitVoiceLibrary = "libflite_cmu_time_awb.so.1"
)

// WindowEnvironment is env (os.Environ(), nil for this process's) for the
// window's process: with WebKitGTK's flite voice preloaded when the
// installed WebKitGTK links it, unchanged otherwise.
func WindowEnvironment(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	return windowEnvironment(env, systemLibraryDirs(), elfNeeds)
}

func windowEnvironment(env, libDirs []string, needs func(path string) ([]string, error)) []string {
	voice := webKitVoice(libDirs, needs)
	if voice == "" {
		return env
	}
	// The merchant's own preload keeps its place, before ours.
	if own := Preload(env); own != "" {
		return withPreload(env, own+":"+voice)
	}
	return withPreload(env, voice)
}

// webKitVoice is the path of the flite voice beside the first WebKitGTK
// found in libDirs, if that WebKitGTK needs it; "" otherwise.
func webKitVoice(libDirs []string, needs func(path string) ([]string, error)) string {
	for _, dir := range libDirs {
		webKit := filepath.Join(dir, webKitLibrary)
		if _, err := os.Stat(webKit); err != nil {
			continue
		}
		names, err := needs(webKit)
		if err != nil || !slices.Contains(names, webKitVoiceLibrary) {
			return ""
		}
		voice := filepath.Join(dir, webKitVoiceLibrary)
		if _, err := os.Stat(voice); err != nil {
			return ""
		}
		return voice
	}
	return ""
}

// elfNeeds lists the libraries an ELF file names as needed (DT_NEEDED):
// it reads the dynamic section only, well under a millisecond.
func elfNeeds(path string) ([]string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ImportedLibraries()
}

// systemLibraryDirs are where the dynamic loader finds Debian's, Ubuntu's
// and most other distributions' libraries, the multiarch folder first.
func systemLibraryDirs() []string {
	dirs := []string{}
	if triplet, ok := multiarchTriplets[runtime.GOARCH]; ok {
		dirs = append(dirs, "/usr/lib/"+triplet, "/lib/"+triplet)
	}
	return append(dirs, "/usr/lib64", "/usr/lib")
}

// multiarchTriplets are Debian's names for the library folder of each
// architecture Go builds for.
var multiarchTriplets = map[string]string{
	"amd64":   "x86_64-linux-gnu",
	"arm64":   "aarch64-linux-gnu",
	"386":     "i386-linux-gnu",
	"arm":     "arm-linux-gnueabihf",
	"riscv64": "riscv64-linux-gnu",
	"ppc64le": "powerpc64le-linux-gnu",
	"s390x":   "s390x-linux-gnu",
}

// ChildEnvironment is env (os.Environ() for nil) for a program the window
// starts itself, such as the file manager: without WebKitGTK's voice, which
// WindowEnvironment preloaded for WebKit's processes alone. A preload the
// merchant set stays.
func ChildEnvironment(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	kept := slices.DeleteFunc(strings.Split(Preload(env), ":"), func(lib string) bool { return lib == "" || filepath.Base(lib) == webKitVoiceLibrary })
	return withPreload(env, strings.Join(kept, ":"))
}

// withPreload is env with its LD_PRELOAD set to preload, or taken out
// when preload is "".
func withPreload(env []string, preload string) []string {
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, loaderPreloadEnv+"=") })
	if preload == "" {
		return out
	}
	return append(out, loaderPreloadEnv+"="+preload)
}
