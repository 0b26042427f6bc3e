package services

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/csvsafe"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// HistoryService reads the sync history.
type HistoryService struct {
	db    *storage.DB
	clock clockwork.Clock // the chart's days end now
}

func newHistoryService(db *storage.DB, clock clockwork.Clock) *HistoryService {
	return &HistoryService{db: db, clock: clock}
}

// List returns runs of a connection, newest first.
func (s *HistoryService) List(q types.HistoryQuery) ([]types.Run, error) {
	conn, err := s.db.Connection(q.ConnectionID)
	if err != nil {
		return nil, fmt.Errorf("that connection no longer exists")
	}
	runs, err := s.db.Runs(storage.RunQuery{ConnectionID: q.ConnectionID, Status: q.Status, Limit: q.Limit, BeforeID: q.BeforeID})
	if err != nil {
		return nil, err
	}
	out := make([]types.Run, len(runs))
	for i, r := range runs {
		out[i] = runDTO(r, conn.Name)
	}
	return out, nil
}

// Get returns one run with its per-SKU results.
func (s *HistoryService) Get(runID uint) (types.Run, error) {
	r, err := s.db.Run(runID)
	if errors.Is(err, storage.ErrNotFound) {
		return types.Run{}, fmt.Errorf("there is no run %d; it may have been pruned by the history retention setting", runID)
	}
	if err != nil {
		return types.Run{}, err
	}
	conn, err := s.db.Connection(r.ConnectionID)
	if err != nil {
		return types.Run{}, err
	}
	items, err := s.db.RunItems(runID)
	if err != nil {
		return types.Run{}, err
	}
	out := runDTO(r, conn.Name)
	out.Items = runItemDTOs(items)
	return out, nil
}

// ExportCSV returns a run's per-SKU results as CSV text.
func (s *HistoryService) ExportCSV(runID uint) (string, error) {
	run, err := s.Get(runID)
	if err != nil {
		return "", err
	}
	skus := make([]string, len(run.Items))
	for i, it := range run.Items {
		skus[i] = it.SKU
	}
	names, err := s.db.ItemNames(run.ConnectionID, skus)
	if err != nil {
		return "", err
	}
	// Every row names its run and when it started: a file opened weeks
	// later, or pasted into another sheet, still says which sync it was.
	id, started := strconv.FormatUint(uint64(run.RunID), 10), run.StartedAt.Local().Format("2006-01-02 15:04:05")
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	// A run of a connection with a location map names each row's store
	// location in a last column; other runs keep the columns they had.
	located := slices.ContainsFunc(run.Items, func(it types.RunItem) bool { return it.Location != "" })
	header := []string{"sku", "product", "from", "to", "status", "error", "run", "run started"}
	if located {
		header = append(header, "location")
	}
	_ = w.Write(header) // a bytes.Buffer's write errors surface in w.Error() below
	for _, it := range run.Items {
		from := ""
		if it.From != nil {
			from = strconv.Itoa(*it.From)
		}
		row := []string{it.SKU, names[it.SKU], from, strconv.Itoa(it.To), it.Status, it.Error, id, started}
		if located {
			row = append(row, it.Location)
		}
		_ = w.Write(row) // see w.Error() below
	}
	w.Flush()
	return buf.String(), w.Error()
}

// Chart returns pushed and failed per run over the last days.
func (s *HistoryService) Chart(connectionID uint, days int) ([]types.ChartPoint, error) {
	if days <= 0 || days > 366 {
		days = 30
	}
	runs, err := s.db.Runs(storage.RunQuery{ConnectionID: connectionID, Since: s.clock.Now().Add(-time.Duration(days) * 24 * time.Hour), Limit: 5000})
	if err != nil {
		return nil, err
	}
	out := make([]types.ChartPoint, 0, len(runs))
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		out = append(out, types.ChartPoint{RunID: r.ID, StartedAt: r.StartedAt, Pushed: r.Pushed, Changed: r.Changed, Failed: r.Failed, Status: r.Status})
	}
	return out, nil
}
