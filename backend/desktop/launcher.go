package desktop

import (
	"os"
	"path/filepath"
)

// WindowProgramName is the window's program in the Debian package, where
// the program the merchant starts (/usr/bin/shelfsync) is the static
// build with no WebKit linked: it starts in a few milliseconds as the
// agent, and starts this one (/usr/lib/shelfsync/shelfsync-window) for the
// window. The dynamic loader spends about 100 ms binding WebKitGTK's
// symbols in any process that links it, so a launch that loaded it twice
// (agent, then window) paid that twice before the window could start, and
// the idle agent kept WebKit's pages mapped (docs/DESKTOP.md).
const WindowProgramName = "shelfsync-window"

// WindowProgramBeside finds the window's program for the program at self:
// beside it (a folder holding both) or in ../lib/shelfsync (the Debian
// package). It reports "" when there is none, as on a server, where the
// static build has no window.
func WindowProgramBeside(self string) string {
	if resolved, err := filepath.EvalSymlinks(self); err == nil {
		self = resolved
	}
	selfInfo, err := os.Stat(self)
	if err != nil {
		return ""
	}
	dir := filepath.Dir(self)
	for _, candidate := range []string{
		filepath.Join(dir, WindowProgramName),
		filepath.Join(dir, "..", "lib", "shelfsync", WindowProgramName),
	} {
		info, err := os.Stat(candidate)
		if err != nil || !info.Mode().IsRegular() || info.Mode().Perm()&0o111 == 0 {
			continue
		}
		if os.SameFile(selfInfo, info) {
			continue // never start itself as its own window
		}
		return filepath.Clean(candidate)
	}
	return ""
}
