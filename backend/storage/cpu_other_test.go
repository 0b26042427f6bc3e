//go:build !unix

package storage

import "time"

// cpuNow is 0 where the process's CPU time is not read (Windows):
// BenchmarkInsertNewItems then reports only its wall time.
func cpuNow() time.Duration { return 0 }
