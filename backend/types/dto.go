// Package types holds the plain DTOs that cross the boundary to the window
// (through Wails bindings, which turn them into TypeScript types) and to the
// CLI's --json output. Field names are the JSON contract.
package types

import "time"

// Counts are a run's tallies.
type Counts struct {
	Read     int `json:"read"`
	Changed  int `json:"changed"`
	Pushed   int `json:"pushed"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	Unmapped int `json:"unmapped"`
	// SKUs the warehouse gave no quantity for, by problem, and how many of
	// them need the merchant (the rest were handled by a rule).
	MissingFromFeed int `json:"missingFromFeed"`
	ConflictingRows int `json:"conflictingRows"`
	InvalidQuantity int `json:"invalidQuantity"`
	// ComponentMissing counts bundles one of whose components the
	// warehouse does not list.
	ComponentMissing int `json:"componentMissing"`
	Attention        int `json:"attention"`
	// NotTracked counts SKUs whose store listing does not count stock.
	NotTracked int `json:"notTracked"`
	// Drifted counts SKUs the store moved away from the published quantity
	// since ShelfSync's last look (repaired, or only flagged).
	Drifted int `json:"drifted"`
	// NotFed counts store listings no warehouse SKU feeds any more (a
	// mapping moved away) that still sell their last quantity.
	NotFed int `json:"notFed"`
}

// RunItem is one SKU that a run pushed or failed to push.
type RunItem struct {
	SKU    string `json:"sku"`
	From   *int   `json:"from"`
	To     int    `json:"to"`
	Status string `json:"status"` // ok | failed
	Error  string `json:"error,omitempty"`
	// Expected, when set, is what ShelfSync last knew the store held before
	// the store changed it itself to From; this write overwrote that.
	Expected *int `json:"expected,omitempty"`
	// Location is the store location written, on a connection with a
	// location map.
	Location string `json:"location,omitempty"`
}

// Run is one sync run as the history shows it.
type Run struct {
	RunID         uint       `json:"runId"`
	ConnectionID  uint       `json:"connectionId"`
	Connection    string     `json:"connection"`
	Status        RunStatus  `json:"status"`
	Trigger       Trigger    `json:"trigger"`
	ModeRequested Mode       `json:"modeRequested"`
	ModeRun       Mode       `json:"modeRun"`
	Reason        string     `json:"reason"`
	Error         string     `json:"error,omitempty"`
	StartedAt     time.Time  `json:"startedAt"`
	FinishedAt    *time.Time `json:"finishedAt"`
	DurationMs    int64      `json:"durationMs"`
	Counts        Counts     `json:"counts"`
	// Located is true for a run of a connection with a location map: its
	// Changed, Pushed and Failed count SKU-locations (a SKU at one store
	// location), while Read still counts the SKUs read (Writes).
	Located  bool     `json:"located"`
	APICalls int      `json:"apiCalls"`
	Problems []string `json:"problems,omitempty"`
	// Warnings counts what the run met but worked around (rows it skipped,
	// duplicate store listings): the entries of Problems. A succeeded run
	// with warnings is "Succeeded with warnings"; Status stays "succeeded"
	// so scripts that test it keep working.
	Warnings int `json:"warnings"`
	// Health is the status this run leaves its connection in (RunHealth).
	Health Health    `json:"health"`
	Items  []RunItem `json:"items,omitempty"`
}

// Schedule is a connection's automatic sync settings.
type Schedule struct {
	Enabled         bool       `json:"enabled"`
	IntervalMinutes int        `json:"intervalMinutes"`
	AutoMode        Mode       `json:"autoMode"`
	NextRunAt       *time.Time `json:"nextRunAt"`
}

// Rules are a connection's quantity rules.
type Rules struct {
	Buffer     int               `json:"buffer"`    // safety stock subtracted from the warehouse qty
	Cap        int               `json:"cap"`       // most ever published; 0 = no cap
	ZeroBelow  int               `json:"zeroBelow"` // publish 0 when the qty after buffer is below this
	IgnoredSKU []string          `json:"ignoredSkus"`
	Mapping    map[string]string `json:"mapping"` // warehouse SKU -> store SKU where they differ
	// MissingSKUs: what happens to SKUs missing from the warehouse:
	// "leave" them as they are (the default) or set them to "zero".
	MissingSKUs string `json:"missingSkus"`
	// Drift: what a Smart Sync does when the store drifted: "repair" (the
	// default) or "flag" (only show it).
	Drift string `json:"drift"`
}

// Endpoint describes one side of a connection, secrets left out.
type Endpoint struct {
	Kind     string            `json:"kind"`
	Label    string            `json:"label"` // "Demo warehouse", "CSV: /path/inv.csv", "Shopify: shop.myshopify.com"
	Settings map[string]string `json:"settings"`
	// SecretsSet names the secrets that are stored (never their values).
	SecretsSet []string `json:"secretsSet"`
}

// Connection is a warehouse paired with a store.
type Connection struct {
	ID            uint     `json:"id"`
	Name          string   `json:"name"`
	Demo          bool     `json:"demo"`
	Warehouse     Endpoint `json:"warehouse"`
	Store         Endpoint `json:"store"`
	Schedule      Schedule `json:"schedule"`
	Rules         Rules    `json:"rules"`
	RetentionDays int      `json:"retentionDays"`
	// RunDeadlineMinutes is how long one run may take before it is
	// stopped, the default (engine.DefaultRunDeadline) when the
	// connection sets none.
	RunDeadlineMinutes int       `json:"runDeadlineMinutes"`
	CreatedAt          time.Time `json:"createdAt"`
	LastRun            *Run      `json:"lastRun"`
	// Health is the connection's status as its card and the tray show it
	// (ConnectionHealth): its last run's, or not synced yet, or paused.
	Health  Health `json:"health"`
	Running bool   `json:"running"`
	// FedLocations are the store locations the connection's location map
	// writes, in order; empty with the default map (one location).
	FedLocations []string `json:"fedLocations"`
}

// InventoryItem is one row of a connection's Inventory tab.
type InventoryItem struct {
	SKU                string     `json:"sku"`
	Name               string     `json:"name"`
	WarehouseQty       *int       `json:"warehouseQty"`
	PublishedQty       *int       `json:"publishedQty"`
	StoreQty           *int       `json:"storeQty"`
	WarehouseUpdatedAt *time.Time `json:"warehouseUpdatedAt"`
	LastSyncedAt       *time.Time `json:"lastSyncedAt"`
	// StoreSeenAt is when ShelfSync last saw the store change its quantity
	// itself (drift).
	StoreSeenAt *time.Time `json:"storeSeenAt"`
	State       ItemState  `json:"state"`
	Error       string     `json:"error,omitempty"`
	// Locations is the SKU at each store location, on a connection with
	// a location map (empty otherwise).
	Locations []ItemAtLocation `json:"locations"`
	// Bundle is the recipe of a bundle's listing, components in SKU order
	// (empty for a warehouse SKU).
	Bundle []BundleComponent `json:"bundle"`
}

// ItemAtLocation is one SKU at one store location.
type ItemAtLocation struct {
	Location     string `json:"location"`
	WarehouseQty int    `json:"warehouseQty"`
	PublishedQty *int   `json:"publishedQty"`
	StoreQty     *int   `json:"storeQty"`
	// State is in_sync, changed, pending or failed.
	State ItemState `json:"state"`
	Error string    `json:"error,omitempty"`
}

// InventoryQuery asks for one keyset page of the Inventory tab.
type InventoryQuery struct {
	ConnectionID uint      `json:"connectionId"`
	Search       string    `json:"search"`          // SKU or name substring
	State        ItemState `json:"state,omitempty"` // absent for all
	// Group filters by several states at once ("attention"); State is
	// then absent.
	Group  StateGroup `json:"group,omitempty"`
	SortBy SortKey    `json:"sortBy"`
	Desc   bool       `json:"desc"`
	// Location, on a connection with a location map, shows each SKU's
	// quantities and state at that store location ("" for the sums).
	Location string `json:"location,omitempty"`
	// After is the keyset cursor from the previous page ("" for the first).
	After string `json:"after"`
	Limit int    `json:"limit"`
}

// InventoryPage is one page of inventory rows.
type InventoryPage struct {
	Items       []InventoryItem   `json:"items"`
	Next        string            `json:"next"` // cursor for the next page, "" at the end
	Total       int               `json:"total"`
	StateCounts map[ItemState]int `json:"stateCounts"`
}

// Progress is a running sync's progress, sent as the sync:progress event.
type Progress struct {
	ConnectionID uint      `json:"connectionId"`
	RunID        uint      `json:"runId"`
	Phase        SyncPhase `json:"phase"`
	Done         int       `json:"done"`
	Total        int       `json:"total"`
}

// NewConnection is what the Add connection wizard (or the CLI) submits.
type NewConnection struct {
	Name              string            `json:"name"`
	WarehouseKind     string            `json:"warehouseKind"`
	WarehouseSettings map[string]string `json:"warehouseSettings"`
	WarehouseSecrets  map[string]string `json:"warehouseSecrets"`
	StoreKind         string            `json:"storeKind"`
	StoreSettings     map[string]string `json:"storeSettings"`
	StoreSecrets      map[string]string `json:"storeSecrets"`
}

// SideTest is what Test connection found on one side.
type SideTest struct {
	OK      bool     `json:"ok"`
	Summary string   `json:"summary"`
	Sample  []string `json:"sample"`
	Count   int      `json:"count"`
	// Warnings are rows the test read around (a quantity that is not a
	// number): the side is reachable, but not clean.
	Warnings []string `json:"warnings,omitempty"`
	Error    string   `json:"error,omitempty"`
	// HostKeyFingerprint is set when an SFTP server is new: the user may
	// accept it (ConnectionService.TrustHostKey) and test again.
	HostKeyFingerprint string `json:"hostKeyFingerprint,omitempty"`
	// Choices are values the platform offers for a setting, by setting
	// key (Shopify's locations), with the one the test used.
	Choices map[string]SettingChoices `json:"choices,omitempty"`
}

// SettingChoices are a setting's possible values and the one in use.
type SettingChoices struct {
	Options  []Choice `json:"options"`
	Selected string   `json:"selected"`
}

// Choice is one value a setting may take, with the name a merchant knows.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// TestReport is the Add connection wizard's Test connection result.
type TestReport struct {
	Warehouse SideTest `json:"warehouse"`
	Store     SideTest `json:"store"`
}

// ScheduleInput changes a connection's automatic sync.
type ScheduleInput struct {
	Enabled         bool `json:"enabled"`
	IntervalMinutes int  `json:"intervalMinutes"`
	AutoMode        Mode `json:"autoMode"`
}

// PreviewItem is one SKU a dry run would push.
type PreviewItem struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	From  *int   `json:"from"`
	To    int    `json:"to"`
	Delta int    `json:"delta"`
	Why   string `json:"why"`
	// Location is the store location the quantity would be set at, on a
	// connection with a location map; LocationName its name in the store
	// (the id when the store could not be asked).
	Location     string `json:"location,omitempty"`
	LocationName string `json:"locationName,omitempty"`
	// Bundle, for a bundle, says which component drove its number
	// ("limited by MUG: 7 ÷ 2"); "" for a warehouse SKU.
	Bundle string `json:"bundle"`
}

// Preview is what a sync would do, computed without writing anything.
type Preview struct {
	ModeRequested Mode          `json:"modeRequested"`
	ModeRun       Mode          `json:"modeRun"`
	Reason        string        `json:"reason"`
	Counts        Counts        `json:"counts"`
	BiggestDrops  []PreviewItem `json:"biggestDrops"`
	ToZero        []PreviewItem `json:"toZero"` // the first 100 of them
	// ToZeroCount is how many SKUs the sync would set to 0, all of them:
	// the number "Push anyway" names before it runs.
	ToZeroCount int           `json:"toZeroCount"`
	Items       []PreviewItem `json:"items"` // first 500 of what would be pushed
	// Located is true for a connection with a location map: Counts.Changed
	// and Counts.Pushed then count SKU-locations (a SKU at one store
	// location), while Counts.Read still counts the SKUs read.
	Located bool `json:"located"`
}

// UndoPreview is what undoing a run would do, before the merchant agrees.
type UndoPreview struct {
	RunID   uint       `json:"runId"`
	Restore []UndoItem `json:"restore"`
	Skipped []UndoSkip `json:"skipped"`
}

// UndoItem is one SKU an undo sets back: from what the run wrote (and the
// store still holds) to the quantity before the run.
type UndoItem struct {
	SKU string `json:"sku"`
	// Location is the store location set back, on a run that wrote per
	// location ("" otherwise).
	Location string `json:"location,omitempty"`
	From     int    `json:"from"`
	To       int    `json:"to"`
}

// UndoSkip is one SKU an undo leaves alone, and why, in words.
type UndoSkip struct {
	SKU      string `json:"sku"`
	Location string `json:"location,omitempty"` // as in UndoItem
	Wrote    int    `json:"wrote"`
	Now      *int   `json:"now"`
	Reason   string `json:"reason"`
}

// HistoryQuery asks for runs of a connection, newest first.
type HistoryQuery struct {
	ConnectionID uint      `json:"connectionId"`
	Status       RunStatus `json:"status,omitempty"` // absent for all
	Limit        int       `json:"limit"`
	BeforeID     uint      `json:"beforeId"` // keyset: runs older than this id
}

// ChartPoint is one run on the History chart.
type ChartPoint struct {
	RunID     uint      `json:"runId"`
	StartedAt time.Time `json:"startedAt"`
	Pushed    int       `json:"pushed"`
	// Changed is how many SKUs' quantities the run found changed: the
	// chart's bar, which a Full Sync's every-SKU write does not inflate.
	Changed int       `json:"changed"`
	Failed  int       `json:"failed"`
	Status  RunStatus `json:"status"`
}

// Field describes one input of a connector kind, so the wizard can draw it.
type Field struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Placeholder string `json:"placeholder"`
	Help        string `json:"help"`
	Secret      bool   `json:"secret"`
	Required    bool   `json:"required"`
	// Advanced fields wait under "More options" unless they hold a value.
	Advanced bool `json:"advanced"`
	// ShownWhen: the field is asked for only while this holds.
	ShownWhen FieldCondition `json:"shownWhen"`
	// Kind is what the value is beyond text: a local file path gets the
	// desktop's file dialog.
	Kind FieldKind `json:"kind"`
}

// FieldCondition holds when the field named Field starts with one of
// Prefixes, case aside; an empty Field always holds.
type FieldCondition struct {
	Field    string   `json:"field"`
	Prefixes []string `json:"prefixes"`
}

// Kind is a warehouse or store kind the wizard offers.
type Kind struct {
	Kind   string  `json:"kind"`
	Side   string  `json:"side"` // warehouse | store
	Label  string  `json:"label"`
	Fields []Field `json:"fields"`
	// Limits are the read limits a connection of this kind may raise
	// (a feed's rows, a store's pages), each a setting of its own.
	Limits []Limit `json:"limits"`
	// ShortName is what the wizard calls a configured side in the name it
	// suggests for a connection.
	ShortName ShortName `json:"shortName"`
}

// ShortName names a configured side after a field's value: Part of the
// value of Field written into Format where it says {} ("" writes it
// alone); Empty ("" for the kind's label) when there is no such value.
type ShortName struct {
	Field  string   `json:"field"`
	Part   NamePart `json:"part"`
	Format string   `json:"format"`
	Empty  string   `json:"empty"`
}

// Limit is one read limit: the setting that raises it, its default and
// what it counts ("rows", "MB unpacked").
type Limit struct {
	Key     string `json:"key"`
	Default int64  `json:"default"`
	Unit    string `json:"unit"`
	// A value typed for it is a whole number (thousands commas allowed)
	// from Min to Max; Problem is the sentence for one that is not, as
	// saving would refuse it (connector.Limit.Value).
	Min     int64  `json:"min"`
	Max     int64  `json:"max"`
	Problem string `json:"problem"`
}

// RunStarted is the sync:started event payload.
type RunStarted struct {
	ConnectionID  uint    `json:"connectionId"`
	RunID         uint    `json:"runId"`
	Trigger       Trigger `json:"trigger"`
	ModeRequested Mode    `json:"modeRequested"`
}

// RulePreviewRow shows the effect of quantity rules on one SKU.
type RulePreviewRow struct {
	SKU          string `json:"sku"`
	Name         string `json:"name"`
	WarehouseQty int    `json:"warehouseQty"`
	PublishedNow int    `json:"publishedNow"`
	PublishedNew int    `json:"publishedNew"`
	Ignored      bool   `json:"ignored"`
}

// ScheduleChanged is the schedule:changed event payload.
type ScheduleChanged struct {
	ConnectionID uint       `json:"connectionId"`
	NextRunAt    *time.Time `json:"nextRunAt"`
	Paused       bool       `json:"paused"`
}

// WindowPlace is the window's position and size, remembered between runs;
// zeros when never saved.
type WindowPlace struct {
	X      int `json:"x"`
	Y      int `json:"y"`
	Width  int `json:"width"`
	Height int `json:"height"`
}

// RulesEffect is what a set of quantity rules would publish across every
// SKU of a connection, for the warning before saving rules that zero many.
type RulesEffect struct {
	SKUs    int `json:"skus"`    // SKUs the warehouse lists
	ToZero  int `json:"toZero"`  // of them, published as 0 under the rules (ignored ones left out)
	ZeroNow int `json:"zeroNow"` // of them, published as 0 under the current rules
}

// Place is a store location or a warehouse facility.
type Place struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Primary bool   `json:"primary"`
}

// LocationFeed is one store location and the facilities that feed it.
type LocationFeed struct {
	Location   string   `json:"location"`
	Facilities []string `json:"facilities"`
}

// LocationMap is a connection's location map, with the store's locations
// and the warehouse's facilities it can name.
type LocationMap struct {
	ConnectionID uint `json:"connectionId"`
	// Default is true when no map is set: every facility feeds the
	// store's primary location, as before locations.
	Default bool `json:"default"`
	// Locations are the store's, the primary first; Facilities the
	// warehouse's ("*", the whole warehouse, for one without facilities).
	Locations  []Place `json:"locations"`
	Facilities []Place `json:"facilities"`
	// Feeds has every store location, in Locations' order; one fed by no
	// facility is never written.
	Feeds []LocationFeed `json:"feeds"`
}
