package desktop

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"shelfsync/backend/atomicfile"
)

// StartupProbeEnv names a file: when it is set, the window writes there the
// moment (Unix nanoseconds) it first painted the Connections page with its
// data, so scripts/footprint.sh can time launch to first paint from outside.
const StartupProbeEnv = "SHELFSYNC_STARTUP_PROBE"

// StartupProbePath is the file StartupProbeEnv names; "" when unset.
func StartupProbePath() string { return os.Getenv(StartupProbeEnv) }

// RecordFirstPaint writes the moment of first paint to path.
func RecordFirstPaint(path string, at time.Time) error {
	if err := atomicfile.Write(path, []byte(strconv.FormatInt(at.UnixNano(), 10)+"\n"), 0o644); err != nil {
		return fmt.Errorf("write the startup probe %s: %w", path, err)
	}
	return nil
}
