package services

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/desktop"
	"shelfsync/backend/logs"
	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// What a support email needs, and no more.
const (
	diagnosticRuns     = 20
	diagnosticLogLines = 200
)

// DiagnosticsService gathers what a merchant sends with "it didn't sync
// last night": Settings > About's "Copy diagnostics" and `shelfsync
// diagnostics`. Secrets never appear: connections list only the names of
// the secrets they hold, and the log is masked as it is written.
type DiagnosticsService struct {
	db            *storage.DB
	connections   *ConnectionService
	schedules     Schedules
	secretBackend secrets.Backend
	masker        *logs.Masker // the log's lines are masked again as they leave
	clock         clockwork.Clock
	dataDir       string
	version       string
}

func newDiagnosticsService(db *storage.DB, connections *ConnectionService, schedules Schedules, secretBackend secrets.Backend, masker *logs.Masker, clock clockwork.Clock, dataDir, version string) *DiagnosticsService {
	return &DiagnosticsService{db: db, connections: connections, schedules: schedules, secretBackend: secretBackend, masker: masker, clock: clock, dataDir: dataDir, version: version}
}

// Version is the app's version, for the About line.
func (s *DiagnosticsService) Version() string { return s.version }

// DataDir is the folder holding ShelfSync's database, shown in Settings.
func (s *DiagnosticsService) DataDir() string { return s.dataDir }

// Report is the diagnostics as plain text: version, system, connections
// without secrets, the last runs and the end of the log.
func (s *DiagnosticsService) Report() (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "ShelfSync diagnostics, %s\n", s.clock.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "Version: %s\nSystem: %s/%s, %s\nData folder: %s\n", s.version, runtime.GOOS, runtime.GOARCH, runtime.Version(), s.dataDir)
	if s.secretBackend != "" {
		fmt.Fprintf(&b, "Secrets kept in: %s\n", s.secretBackend)
	}
	fmt.Fprintf(&b, "Automatic sync paused: %v\n", s.schedules.Paused())

	conns, err := s.connections.List()
	if err != nil {
		return "", fmt.Errorf("list the connections for the diagnostics: %w", err)
	}
	fmt.Fprintf(&b, "\nConnections (%d):\n", len(conns))
	names := map[uint]string{}
	var runs []storage.SyncRun
	for _, c := range conns {
		names[c.ID] = c.Name
		auto := "off"
		if c.Schedule.Enabled {
			auto = fmt.Sprintf("every %d min, %s", c.Schedule.IntervalMinutes, c.Schedule.AutoMode)
		}
		fmt.Fprintf(&b, "  #%d %s: %s -> %s; automatic sync %s\n", c.ID, c.Name, c.Warehouse.Label, c.Store.Label, auto)
		for _, e := range []types.Endpoint{c.Warehouse, c.Store} {
			fmt.Fprintf(&b, "    %s settings %v, secrets set %v\n", e.Kind, e.Settings, e.SecretsSet)
		}
		r, err := s.db.Runs(storage.RunQuery{ConnectionID: c.ID, Limit: diagnosticRuns})
		if err != nil {
			return "", fmt.Errorf("read the runs of %s for the diagnostics: %w", c.Name, err)
		}
		runs = append(runs, r...)
	}

	slices.SortFunc(runs, func(a, b storage.SyncRun) int { return b.StartedAt.Compare(a.StartedAt) })
	runs = runs[:min(len(runs), diagnosticRuns)]
	fmt.Fprintf(&b, "\nLast %d runs:\n", len(runs))
	for _, r := range runs {
		fmt.Fprintf(&b, "  #%d %s %s %s %s->%s %s: read %d, changed %d, pushed %d, failed %d, API calls %d",
			r.ID, r.StartedAt.UTC().Format(time.RFC3339), names[r.ConnectionID], r.Trigger, r.ModeRequested, r.ModeRun, r.Status,
			r.Read, r.Changed, r.Pushed, r.Failed, r.APICalls)
		if r.Located {
			fmt.Fprintf(&b, " (writes counted per %s)", types.SKULocation)
		}
		if r.Error != "" {
			fmt.Fprintf(&b, "; %s", r.Error)
		}
		if r.ErrorDetail != "" {
			fmt.Fprintf(&b, " (detail: %s)", s.masker.Mask(r.ErrorDetail))
		}
		b.WriteString("\n")
	}

	lines, err := logs.Tail(s.dataDir, diagnosticLogLines)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "\nLast %d log lines:\n", len(lines))
	for _, l := range lines {
		b.WriteString(s.masker.Mask(l) + "\n")
	}
	return b.String(), nil
}

// LogFolder is the folder holding the log.
func (s *DiagnosticsService) LogFolder() string { return logs.Dir(s.dataDir) }

// OpenLogFolder shows the log folder in the file manager.
func (s *DiagnosticsService) OpenLogFolder() error {
	if err := desktop.OpenFolder(s.LogFolder()); err != nil {
		return fmt.Errorf("the log folder could not be opened (it is %s): %w", s.LogFolder(), err)
	}
	return nil
}
