// Package desktop holds what makes ShelfSync a desktop citizen apart from
// its window: starting at login (an XDG autostart entry on Linux, the HKCU
// Run key on Windows, a LaunchAgent on macOS) and handing a second launch
// over to the instance already running.
package desktop

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// HiddenFlag starts the app in the tray without opening its window; the
// start-at-login entry passes it.
const HiddenFlag = "--hidden"

// TakeHiddenFlag removes HiddenFlag from the arguments and reports whether
// it was there, so the CLI's flag parser never sees it.
func TakeHiddenFlag(args []string) (hidden bool, rest []string) {
	rest = make([]string, 0, len(args))
	for _, a := range args {
		if a == HiddenFlag {
			hidden = true
			continue
		}
		rest = append(rest, a)
	}
	return hidden, rest
}

// WindowFlag starts the program in its window role: the window alone,
// for the resident agent that started it (backend/agent); it ends when the
// window closes. ShowRunFlag=<id> opens it on a run. LauncherFlag=<path>
// names the program the agent runs as, which the merchant starts and which
// start at login must start: in the Debian package that is not the window's
// program (see WindowProgramBeside).
const (
	WindowFlag   = "--window"
	ShowRunFlag  = "--show-run"
	LauncherFlag = "--launcher"
)

// WindowRole is what WindowFlag, ShowRunFlag and LauncherFlag asked for.
type WindowRole struct {
	Window   bool
	ShowRun  uint
	Launcher string
}

// TakeWindowFlags removes WindowFlag, ShowRunFlag and LauncherFlag from
// the arguments, so the CLI's flag parser never sees them.
func TakeWindowFlags(args []string) (role WindowRole, rest []string) {
	rest = make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a == WindowFlag:
			role.Window = true
		case strings.HasPrefix(a, LauncherFlag+"="):
			role.Launcher = strings.TrimPrefix(a, LauncherFlag+"=")
		case strings.HasPrefix(a, ShowRunFlag+"="):
			if id, err := strconv.ParseUint(strings.TrimPrefix(a, ShowRunFlag+"="), 10, 64); err == nil {
				role.ShowRun = uint(id)
			}
		default:
			rest = append(rest, a)
		}
	}
	return role, rest
}

// Autostart turns starting at login on and off for one executable.
type Autostart struct {
	// Exec is the program to start at login.
	Exec string
	// Dir is where the entry lives: the XDG autostart folder on Linux,
	// ~/Library/LaunchAgents on macOS; unused on Windows.
	Dir string
}

// NewAutostart is the autostart entry of program (the running executable
// when empty), in the user's own folders.
func NewAutostart(program string) (*Autostart, error) {
	exe := program
	if exe == "" {
		self, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("find the ShelfSync program to start at login: %w", err)
		}
		exe = self
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dir, err := defaultAutostartDir()
	if err != nil {
		return nil, err
	}
	return &Autostart{Exec: exe, Dir: dir}, nil
}

// Enabled reports whether ShelfSync starts at login.
func (a *Autostart) Enabled() bool { return a.enabled() }

// Set turns starting at login on or off.
func (a *Autostart) Set(on bool) error {
	if on {
		if err := a.enable(); err != nil {
			return fmt.Errorf("ShelfSync could not add itself to the programs that start at login (%v); check that your user folder is writable", err)
		}
		return nil
	}
	if err := a.disable(); err != nil {
		return fmt.Errorf("ShelfSync could not remove itself from the programs that start at login (%v); remove it in your system settings", err)
	}
	return nil
}

// xdgEntry is the XDG autostart .desktop file that starts exec hidden.
func xdgEntry(exec string) string {
	return strings.Join([]string{
		"[Desktop Entry]",
		"Type=Application",
		"Name=ShelfSync",
		"Comment=Keeps your store's inventory equal to your warehouse",
		"Exec=" + desktopQuote(exec) + " " + HiddenFlag,
		"Icon=shelfsync",
		"Terminal=false",
		"X-GNOME-Autostart-enabled=true",
		"",
	}, "\n")
}

// desktopQuote quotes an Exec argument as the Desktop Entry spec asks.
func desktopQuote(arg string) string {
	if !strings.ContainsAny(arg, " \t\n\"'\\><~|&;$*?#()`") {
		return arg
	}
	r := strings.NewReplacer(`\`, `\\\\`, `"`, `\\"`, "`", "\\\\`", `$`, `\\$`)
	return `"` + r.Replace(arg) + `"`
}

// launchAgentLabel names the macOS LaunchAgent.
const launchAgentLabel = "app.shelfsync.ShelfSync"

// launchAgentPlist is the macOS LaunchAgent that starts exec hidden at
// login.
func launchAgentPlist(exec string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + launchAgentLabel + `</string>
	<key>ProgramArguments</key>
	<array>
		<string>` + esc(exec) + `</string>
		<string>` + HiddenFlag + `</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`
}

// windowsRunValue is the HKCU Run key's value that starts exec hidden.
func windowsRunValue(exec string) string {
	return `"` + exec + `" ` + HiddenFlag
}

// writeEntry writes an autostart file atomically enough for a settings
// toggle: a temporary file renamed into place.
func writeEntry(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func removeEntry(path string) error {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
