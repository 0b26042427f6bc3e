//go:build !linux

package desktop

import "os"

// WindowEnvironment is env (os.Environ() for nil) unchanged: the dynamic
// loader's search order is a matter of Linux's WebKitGTK (loader_linux.go).
func WindowEnvironment(env []string) []string {
	if env == nil {
		return os.Environ()
	}
	return env
}
