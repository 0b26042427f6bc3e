package services

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/csvfeed"
	"shelfsync/backend/engine"
	"shelfsync/backend/events"
	"shelfsync/backend/inventory"
	"shelfsync/backend/schedule"
	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/textsafe"
	"shelfsync/backend/types"
)

// Limits on what a user can set.
const (
	MinIntervalMinutes   = 5
	MaxIntervalMinutes   = 7 * 24 * 60
	DefaultRetentionDays = 90
	maxNameLength        = 80
)

// ConnectionService manages connections: the wizard, settings, schedule.
type ConnectionService struct {
	ctx        context.Context // the core's: Close cancels a test
	db         *storage.DB
	secrets    secrets.Store
	connectors connectors
	hostKeys   *hostKeys
	runs       Runs      // a deleted connection's sync stops; a card says it runs
	schedules  Schedules // a changed connection is rescheduled
	events     events.Listener
	clock      clockwork.Clock
	log        *slog.Logger
}

func newConnectionService(ctx context.Context, db *storage.DB, secrets secrets.Store, conns connectors, runs Runs, schedules Schedules, events events.Listener, clock clockwork.Clock, log *slog.Logger) *ConnectionService {
	return &ConnectionService{
		ctx: ctx, db: db, secrets: secrets, connectors: conns, hostKeys: &hostKeys{dataDir: conns.dataDir},
		runs: runs, schedules: schedules, events: events, clock: clock, log: log,
	}
}

// Kinds lists the warehouse and store kinds the wizard offers.
func (s *ConnectionService) Kinds() ([]types.Kind, error) {
	out := []types.Kind{}
	for _, side := range []connector.Side{connector.SideWarehouse, connector.SideStore} {
		for _, d := range connector.Kinds(side) {
			out = append(out, kindDTO(d))
		}
	}
	return out, nil
}

// List returns every connection with its last run and next automatic run.
func (s *ConnectionService) List() ([]types.Connection, error) {
	conns, err := s.db.Connections()
	if err != nil {
		return nil, err
	}
	out := make([]types.Connection, 0, len(conns))
	for _, c := range conns {
		last, err := s.db.LastRun(c.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, s.dto(c, last))
	}
	return out, nil
}

// Get returns one connection.
func (s *ConnectionService) Get(id uint) (types.Connection, error) {
	c, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	last, err := s.db.LastRun(c.ID)
	if err != nil {
		return types.Connection{}, err
	}
	return s.dto(c, last), nil
}

// ByName finds a connection by its name (the CLI's --connection).
func (s *ConnectionService) ByName(name string) (types.Connection, error) {
	if len(name) > maxNameLength*4 { // no stored name is this long; do not echo it back
		return types.Connection{}, fmt.Errorf("there is no connection with a name that long; `shelfsync connection list` shows them")
	}
	c, err := s.db.ConnectionByName(strings.TrimSpace(name))
	if errors.Is(err, storage.ErrNotFound) {
		return types.Connection{}, fmt.Errorf("there is no connection named %q; `shelfsync connection list` shows them", name)
	}
	if err != nil {
		return types.Connection{}, err
	}
	return s.Get(c.ID)
}

func (s *ConnectionService) load(id uint) (storage.Connection, error) {
	c, err := s.db.Connection(id)
	if errors.Is(err, storage.ErrNotFound) {
		return c, fmt.Errorf("that connection no longer exists; it may have been deleted")
	}
	return c, err
}

// Test reads a little from each side of a connection that is not saved yet.
func (s *ConnectionService) Test(req types.NewConnection) (types.TestReport, error) {
	if err := validateSides(req); err != nil {
		return types.TestReport{}, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	report := types.TestReport{}
	for _, secrets := range []map[string]string{req.WarehouseSecrets, req.StoreSecrets} {
		for _, v := range secrets {
			s.connectors.masker.Add(v)
		}
	}
	wcfg := connector.Config{Kind: req.WarehouseKind, Settings: nonNil(req.WarehouseSettings), Secrets: nonNil(req.WarehouseSecrets), DataDir: s.connectors.dataDir}
	scfg := connector.Config{Kind: req.StoreKind, Settings: nonNil(req.StoreSettings), Secrets: nonNil(req.StoreSecrets), DataDir: s.connectors.dataDir}
	r := redactorOf(wcfg, scfg)
	if wh, err := connector.OpenWarehouse(wcfg, s.connectors.env()); err != nil {
		report.Warehouse = types.SideTest{Error: userSentence(s.log, r.Error(err))}
	} else {
		res, err := redactedWarehouse{wh, r}.Test(ctx)
		report.Warehouse = s.sideTest(res, err)
		var unknown *csvfeed.UnknownHostKeyError
		if errors.As(err, &unknown) {
			s.hostKeys.remember(unknown)
			report.Warehouse.HostKeyFingerprint = unknown.Fingerprint
		}
	}
	if st, err := connector.OpenStore(scfg, s.connectors.env()); err != nil {
		report.Store = types.SideTest{Error: userSentence(s.log, r.Error(err))}
	} else {
		report.Store = s.sideTest(redactStore(st, r).Test(ctx))
	}
	return report, nil
}

func (s *ConnectionService) sideTest(r connector.TestResult, err error) types.SideTest {
	if err != nil {
		return types.SideTest{Error: userSentence(s.log, err)}
	}
	sample := r.Sample
	if sample == nil {
		sample = []string{}
	}
	var choices map[string]types.SettingChoices
	for key, c := range r.Choices {
		if choices == nil {
			choices = map[string]types.SettingChoices{}
		}
		opts := make([]types.Choice, len(c.Options))
		for i, o := range c.Options {
			opts[i] = types.Choice{Value: o.Value, Label: o.Label}
		}
		choices[key] = types.SettingChoices{Options: opts, Selected: c.Selected}
	}
	return types.SideTest{OK: true, Summary: r.Summary, Sample: sample, Count: r.Count, Warnings: r.Warnings, Choices: choices}
}

// TrustHostKey accepts an SFTP server's host key that Test connection
// showed the user, so the next read can verify it.
func (s *ConnectionService) TrustHostKey(fingerprint string) error {
	return s.hostKeys.trust(fingerprint)
}

// Create saves a new connection; its secrets go to the keyring. Automatic
// sync starts enabled (every 60 minutes, Smart), first due one interval
// from now so the user can run the first Full Sync themselves.
func (s *ConnectionService) Create(req types.NewConnection) (types.Connection, error) {
	name, err := validName(req.Name)
	if err != nil {
		return types.Connection{}, err
	}
	if err := validateSides(req); err != nil {
		return types.Connection{}, err
	}
	conn := storage.Connection{
		Name:              name,
		WarehouseKind:     req.WarehouseKind,
		WarehouseSettings: plainSettings(sideWarehouse, req.WarehouseKind, req.WarehouseSettings),
		StoreKind:         req.StoreKind,
		StoreSettings:     plainSettings(sideStore, req.StoreKind, req.StoreSettings),
		ScheduleEnabled:   true,
		IntervalMinutes:   int(schedule.DefaultInterval / time.Minute),
		AutoMode:          inventory.ModeSmart,
		RetentionDays:     DefaultRetentionDays,
	}
	if err := s.db.CreateConnection(&conn); err != nil {
		if errors.Is(err, storage.ErrNameTaken) {
			return types.Connection{}, fmt.Errorf("a connection named %q already exists; choose another name", name)
		}
		return types.Connection{}, err
	}
	for side, secrets := range map[string]map[string]string{sideWarehouse: req.WarehouseSecrets, sideStore: req.StoreSecrets} {
		for key, value := range secrets {
			if strings.TrimSpace(value) == "" {
				continue
			}
			if err := s.secrets.Set(secretRef(conn.ID, side, key), value); err != nil {
				if derr := s.db.DeleteConnection(conn.ID); derr != nil {
					s.log.Error("a connection whose secret could not be stored was left half-made", "connection", conn.ID, "error", derr)
				}
				return types.Connection{}, fmt.Errorf("store the %s %s in the keyring: %w", side, key, err)
			}
			conn.SecretNames = append(conn.SecretNames, side+"/"+key)
		}
	}
	sort.Strings(conn.SecretNames)
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	if err := s.schedules.Reschedule(conn.ID, s.clock.Now()); err != nil {
		return types.Connection{}, err
	}
	s.events.ConnectionsChanged()
	return s.Get(conn.ID)
}

// Rename changes a connection's name.
func (s *ConnectionService) Rename(id uint, name string) (types.Connection, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	if conn.Name, err = validName(name); err != nil {
		return types.Connection{}, err
	}
	if other, err := s.db.ConnectionByName(conn.Name); err == nil && other.ID != id {
		return types.Connection{}, fmt.Errorf("a connection named %q already exists; choose another name", conn.Name)
	}
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	s.events.ConnectionsChanged()
	return s.Get(id)
}

// Delete removes a connection, its inventory view, its history and its
// secrets. A running sync is cancelled first.
func (s *ConnectionService) Delete(id uint) error {
	conn, err := s.load(id)
	if err != nil {
		return err
	}
	stopSync(s.runs, id)
	if err := s.db.DeleteConnection(id); err != nil {
		return fmt.Errorf("delete %s: %w", conn.Name, err)
	}
	// The row gone, rescheduling forgets the connection.
	if err := s.schedules.Reschedule(id, time.Time{}); err != nil {
		return fmt.Errorf("%s is deleted, but its automatic sync could not be stopped: %w", conn.Name, err)
	}
	for _, name := range conn.SecretNames {
		side, key, _ := strings.Cut(name, "/")
		if err := s.secrets.Delete(secretRef(id, side, key)); err != nil {
			// The connection is gone; its secret stays in the keyring,
			// unused, where the merchant can remove it.
			s.log.Warn("a deleted connection's secret could not be removed from the keyring", "connection", id, "secret", name, "error", err)
		}
	}
	s.events.ConnectionsChanged()
	return nil
}

// SetSchedule changes automatic sync and returns the new next run.
func (s *ConnectionService) SetSchedule(id uint, in types.ScheduleInput) (types.Schedule, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.Schedule{}, err
	}
	if in.IntervalMinutes < MinIntervalMinutes {
		return types.Schedule{}, fmt.Errorf("the interval must be at least %d minutes (got %d)", MinIntervalMinutes, in.IntervalMinutes)
	}
	if in.IntervalMinutes > MaxIntervalMinutes {
		return types.Schedule{}, fmt.Errorf("the interval can be at most 7 days (%d minutes)", MaxIntervalMinutes)
	}
	mode, err := inventory.ParseMode(string(in.AutoMode))
	if err != nil {
		return types.Schedule{}, err
	}
	conn.ScheduleEnabled, conn.IntervalMinutes, conn.AutoMode = in.Enabled, in.IntervalMinutes, mode
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Schedule{}, err
	}
	if err := s.schedules.Reschedule(conn.ID, time.Time{}); err != nil {
		return types.Schedule{}, err
	}
	got, err := s.Get(id)
	return got.Schedule, err
}

// SetRules changes the quantity rules.
func (s *ConnectionService) SetRules(id uint, rules types.Rules) (types.Connection, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	if err := validRules(rules); err != nil {
		return types.Connection{}, err
	}
	conn.Rules.Buffer, conn.Rules.Cap, conn.Rules.ZeroBelow = rules.Buffer, rules.Cap, rules.ZeroBelow
	conn.Rules.IgnoredSKU = cleanSKUs(rules.IgnoredSKU)
	conn.Rules.Mapping = cleanMapping(rules.Mapping)
	conn.Rules.MissingSKUs = rules.MissingSKUs
	conn.Rules.Drift = rules.Drift
	if err := s.checkMapping(conn); err != nil {
		return types.Connection{}, err
	}
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	if err := s.republish(conn); err != nil {
		return types.Connection{}, err
	}
	return s.Get(id)
}

// ErrMappingCollision marks a mapping that would feed one store listing
// from two warehouse SKUs.
var ErrMappingCollision = errors.New("a store listing would be fed twice")

// checkMapping refuses a mapping that would feed one store listing from
// two warehouse SKUs: the store would end with whichever was written last.
func (s *ConnectionService) checkMapping(conn storage.Connection) error {
	rules := engine.RulesOf(conn.Rules)
	targets := make([]string, 0, len(rules.Mapping))
	for _, to := range rules.Mapping {
		targets = append(targets, to)
	}
	listed, err := s.db.WarehouseListsAmong(conn.ID, targets)
	if err != nil {
		return err
	}
	if c, found := rules.FindCollision(func(sku string) bool { return listed[sku] }); found {
		return collisionError{c.Sentence()}
	}
	return nil
}

// collisionError is ErrMappingCollision in the words of the collision met.
type collisionError struct{ sentence string }

func (e collisionError) Error() string        { return e.sentence }
func (e collisionError) Is(target error) bool { return target == ErrMappingCollision }

// PreviewRules shows what the rules would publish for a few SKUs.
func (s *ConnectionService) PreviewRules(id uint, rules types.Rules) ([]types.RulePreviewRow, error) {
	conn, err := s.load(id)
	if err != nil {
		return nil, err
	}
	if err := validRules(rules); err != nil {
		return nil, err
	}
	page, err := s.db.ItemsPage(storage.ItemQuery{ConnectionID: id, SortBy: "warehouseQty", Desc: false, Limit: 400})
	if err != nil {
		return nil, err
	}
	now := engine.RulesOf(conn.Rules)
	next := engine.RulesOf(storage.RuleSettings{Buffer: rules.Buffer, Cap: rules.Cap, ZeroBelow: rules.ZeroBelow, IgnoredSKU: rules.IgnoredSKU})
	var out []types.RulePreviewRow
	// A spread of quantities shows buffer, zero-below and cap at work.
	step := max(1, len(page.Items)/8)
	for i := 0; i < len(page.Items) && len(out) < 8; i += step {
		it := page.Items[i]
		if !it.WarehouseSeen {
			continue
		}
		out = append(out, types.RulePreviewRow{
			SKU: it.SKU, Name: it.Name, WarehouseQty: it.WarehouseQty,
			PublishedNow: now.Published(it.WarehouseQty), PublishedNew: next.Published(it.WarehouseQty),
			Ignored: next.IsIgnored(it.SKU),
		})
	}
	return out, nil
}

// ImportMapping reads a two-column CSV (warehouse SKU, store SKU) and adds
// it to the connection's SKU mapping. It returns how many rows it took.
func (s *ConnectionService) ImportMapping(id uint, csvText string) (int, error) {
	conn, err := s.load(id)
	if err != nil {
		return 0, err
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\uFEFF")))
	r.FieldsPerRecord = -1
	if conn.Rules.Mapping == nil {
		conn.Rules.Mapping = map[string]string{}
	}
	n := 0
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("the mapping file is not valid CSV at line %d: %v", line, err)
		}
		if len(rec) < 2 {
			return 0, fmt.Errorf("line %d of the mapping file has %d column(s); each line needs the warehouse SKU and the store SKU", line, len(rec))
		}
		from, to := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		if line == 1 && strings.Contains(strings.ToLower(from), "sku") && strings.Contains(strings.ToLower(to), "sku") {
			continue // a header row
		}
		if from == "" || to == "" {
			return 0, fmt.Errorf("line %d of the mapping file has an empty SKU", line)
		}
		conn.Rules.Mapping[from] = to
		n++
	}
	if n == 0 {
		return 0, fmt.Errorf("the mapping file has no rows")
	}
	if err := s.checkMapping(conn); err != nil {
		return 0, fmt.Errorf("the mapping file was not imported: %w", err)
	}
	if err := s.db.SaveConnection(&conn); err != nil {
		return 0, err
	}
	return n, nil
}

// SetRetention sets how many days of history are kept.
func (s *ConnectionService) SetRetention(id uint, days int) (types.Connection, error) {
	conn, err := s.load(id)
	if err != nil {
		return types.Connection{}, err
	}
	if days < 1 || days > 3650 {
		return types.Connection{}, fmt.Errorf("history can be kept from 1 to 3650 days (got %d)", days)
	}
	conn.RetentionDays = days
	if err := s.db.SaveConnection(&conn); err != nil {
		return types.Connection{}, err
	}
	if _, err := s.db.Prune(id, s.clock.Now().AddDate(0, 0, -days)); err != nil {
		return types.Connection{}, err
	}
	return s.Get(id)
}

func validName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", fmt.Errorf("give the connection a name")
	case len([]rune(name)) > maxNameLength:
		return "", fmt.Errorf("the name is too long: keep it under %d characters", maxNameLength)
	case textsafe.Contains(name):
		// A line break forged a row of `connection list`; a direction
		// override shows a name other than the one stored.
		return "", fmt.Errorf("the name %s holds a line break, a control character or an invisible direction mark: type it again with letters, digits, spaces and punctuation only", textsafe.Escape(name))
	}
	return name, nil
}

func validateSides(req types.NewConnection) error {
	for _, side := range []struct {
		side, kind        string
		settings, secrets map[string]string
	}{
		{sideWarehouse, req.WarehouseKind, req.WarehouseSettings, req.WarehouseSecrets},
		{sideStore, req.StoreKind, req.StoreSettings, req.StoreSecrets},
	} {
		k, ok := findKind(side.side, side.kind)
		if !ok {
			return fmt.Errorf("choose a %s kind: %s", side.side, kindNames(side.side))
		}
		for _, f := range k.Fields {
			v := side.settings[f.Key]
			if f.Secret {
				v = side.secrets[f.Key]
			}
			if strings.TrimSpace(v) == "" {
				if f.Required {
					return fmt.Errorf("the %s needs its %s", k.Label, strings.ToLower(f.Label))
				}
				continue
			}
			if f.Validate != nil {
				if err := f.Validate(strings.TrimSpace(v)); err != nil {
					return err // a sentence naming the field
				}
			}
		}
		for _, l := range k.Limits {
			if _, err := l.Value(side.settings[l.Key]); err != nil {
				return fmt.Errorf("the %s: %w", k.Label, err)
			}
		}
		if k.Check != nil {
			if err := k.Check(side.settings, side.secrets); err != nil {
				return err
			}
		}
	}
	return nil
}

func validRules(r types.Rules) error {
	switch {
	case r.Buffer < 0:
		return fmt.Errorf("the buffer cannot be negative")
	case r.Cap < 0:
		return fmt.Errorf("the cap cannot be negative (0 means no cap)")
	case r.ZeroBelow < 0:
		return fmt.Errorf("'send 0 below' cannot be negative")
	case r.Drift != "" && r.Drift != storage.DriftRepair && r.Drift != storage.DriftFlag:
		return fmt.Errorf("when the store drifts, a Smart Sync can repair it (repair) or only flag it (flag), not %q", r.Drift)
	case r.MissingSKUs != "" && r.MissingSKUs != storage.MissingLeave && r.MissingSKUs != storage.MissingZero:
		return fmt.Errorf("SKUs missing from the warehouse can be left as they are (leave) or set to 0 (zero), not %q", r.MissingSKUs)
	}
	return nil
}

// plainSettings drops anything secret from what goes into the database.
func plainSettings(side, kind string, in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if v = strings.TrimSpace(v); v != "" && !isSecretField(side, kind, k) {
			out[k] = v
		}
	}
	return out
}

func cleanSKUs(in []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func cleanMapping(in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if k, v = strings.TrimSpace(k), strings.TrimSpace(v); k != "" && v != "" {
			out[k] = v
		}
	}
	return out
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
