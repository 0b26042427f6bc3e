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

// ChildEnvironment is env (os.Environ() for nil) unchanged: the window's
// environment has nothing of its own to take away off Linux.
func ChildEnvironment(env []string) []string {
	if env == nil {
		return os.Environ()
	}
	return env
}
