//go:build !unix

package bench

import "time"

// On platforms without getrusage the bench reports CPU time and peak RSS
// as 0 rather than guessing.
func cpuTime() time.Duration { return 0 }
func resetPeakRSS() bool     { return false }
func peakRSS() int64         { return 0 }
