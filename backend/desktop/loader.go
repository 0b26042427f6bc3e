package desktop

import "strings"

// loaderPreloadEnv names the libraries the dynamic loader loads first in
// every process started with it (loader_linux.go).
const loaderPreloadEnv = "LD_PRELOAD"

// Preload is the LD_PRELOAD an environment (os.Environ()'s form, as
// WindowEnvironment returns it) carries; "" without one.
func Preload(env []string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, loaderPreloadEnv+"="); ok {
			return v
		}
	}
	return ""
}
