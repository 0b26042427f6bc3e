// Package storage keeps ShelfSync's state through GORM: the connections,
// the per-SKU view of both sides with its baseline, and the sync history,
// in SQLite in the data folder or in a PostgreSQL several servers share.
// What differs between the two stays inside the package (dialect.go).
package storage

import (
	"time"

	"shelfsync/backend/types"
)

// A column added to a table that merchants already have must read on their
// old rows: give it a pointer type (NULL is nil) or a default
// (`gorm:"not null;default:…"`, which SQLite writes into the old rows).
// TestEveryRowOfTheLastReleaseReads checks it on a database of that release.

// Connection is a warehouse paired with a store, with its settings.
// Secrets are not here: they live in the OS keyring (backend/secrets).
type Connection struct {
	ID                uint   `gorm:"primaryKey"`
	Name              string `gorm:"uniqueIndex;not null"`
	Demo              bool
	WarehouseKind     string            `gorm:"not null"`
	WarehouseSettings map[string]string `gorm:"serializer:json"`
	StoreKind         string            `gorm:"not null"`
	StoreSettings     map[string]string `gorm:"serializer:json"`
	// SecretNames lists the keyring entries this connection owns
	// ("warehouse/token"), never their values.
	SecretNames     []string `gorm:"serializer:json"`
	ScheduleEnabled bool
	IntervalMinutes int
	AutoMode        types.Mode
	Rules           RuleSettings `gorm:"serializer:json"`
	RetentionDays   int
	// Watermark is the start of the last run whose warehouse read succeeded
	// whole; incremental reads ask for changes since then (minus an overlap).
	Watermark *time.Time
	// WarehouseReadState is the warehouse's own record of its last read
	// whose quantities a run recorded (a feed's HTTP validators); it moves
	// with the watermark, in the transaction that records the run.
	WarehouseReadState string `gorm:"not null;default:''"`
	// StoreWatermark is when ShelfSync last looked at the whole store's
	// quantities (a Full Sync's index read, a Smart Sync's question "what
	// changed since"); the next Smart Sync asks what changed since then.
	StoreWatermark *time.Time
	// PlannedRules fingerprints the rules the stored published quantities
	// were computed under; a Smart Sync may skip unchanged SKUs only while
	// it matches the current rules.
	PlannedRules string
	// LocationMap says, per store location id, which warehouse facilities
	// feed it (inventory.LocationMap); NULL, on every connection made
	// before locations and every new one, feeds all facilities into the
	// store's primary or configured location as before.
	LocationMap map[string][]string `gorm:"serializer:json"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// RuleSettings are the quantity rules as stored.
type RuleSettings struct {
	Buffer     int               `json:"buffer"`
	Cap        int               `json:"cap"`
	ZeroBelow  int               `json:"zeroBelow"`
	IgnoredSKU []string          `json:"ignoredSkus"`
	Mapping    map[string]string `json:"mapping"`
	// ZeroShareLimit and ShrinkLimit are the circuit breaker's thresholds
	// in percent; 0 means the default.
	ZeroShareLimit int `json:"zeroShareLimit"`
	ShrinkLimit    int `json:"shrinkLimit"`
	// MissingSKUs is what happens to a SKU the warehouse stops listing:
	// MissingLeave (the default, also "") or MissingZero.
	MissingSKUs string `json:"missingSkus,omitempty"`
	// Drift is what a Smart Sync does with a SKU the store moved away from
	// the published quantity: DriftRepair (the default, also "") or
	// DriftFlag (only show it).
	Drift string `json:"drift,omitempty"`
	// RunDeadlineMinutes bounds one run of the connection; 0 means the
	// engine's default. It is no quantity rule (RulesKey leaves it out).
	RunDeadlineMinutes int `json:"runDeadlineMinutes,omitempty"`
}

// What a Smart Sync does with drift (RuleSettings.Drift).
const (
	DriftRepair = "repair"
	DriftFlag   = "flag"
)

// What to do with SKUs missing from the warehouse (RuleSettings.MissingSKUs).
const (
	MissingLeave = "leave"
	MissingZero  = "zero"
)

// Item is one SKU of a connection as last seen on both sides, with the
// baseline the store last confirmed. Keyed by the warehouse SKU, or by the
// store SKU for a listing the warehouse does not have.
type Item struct {
	ConnectionID       uint   `gorm:"primaryKey;autoIncrement:false"`
	SKU                string `gorm:"primaryKey"`
	Name               string
	WarehouseSeen      bool
	WarehouseQty       int
	WarehouseUpdatedAt *time.Time
	PublishedQty       *int
	StoreSeen          bool
	StoreSKU           string
	StoreRef           string
	StoreParentRef     string
	StoreQty           *int
	// StoreUntracked: the store does not count this listing's stock.
	StoreUntracked bool `gorm:"not null;default:false"`
	// StoreSeenAt is when ShelfSync last saw the store change StoreQty
	// itself (drift); a confirmed write's time is LastSyncedAt.
	StoreSeenAt  *time.Time
	BaselineQty  *int
	BaselineAt   *time.Time
	Pending      bool
	LastError    string
	LastSyncedAt *time.Time
	// Attention is the warehouse's problem with this SKU, as a state
	// (types.StateMissingFromFeed, types.StateConflictingRows, types.StateInvalidQuantity),
	// or "" when it gave a quantity.
	Attention types.ItemState `gorm:"not null;default:''"`
	// State is derived (see DeriveState) and stored so the Inventory tab
	// can filter and count by it through an index.
	State types.ItemState
	// WarehouseFacilities is what each facility held at the last read, on
	// a connection with a location map (nil otherwise): a Smart Sync that
	// reads only what changed plans the other SKUs' locations from it.
	WarehouseFacilities Facilities `gorm:"type:text"`
}

// SyncRun is one sync, written before the first push so a crash leaves a
// trace that the next start marks interrupted.
type SyncRun struct {
	ID            uint `gorm:"primaryKey"`
	ConnectionID  uint `gorm:"index;not null"`
	Trigger       types.Trigger
	ModeRequested types.Mode
	ModeRun       types.Mode
	Reason        string
	Status        types.RunStatus `gorm:"index"`
	// Error is the sentence the user reads; ErrorDetail what it leaves
	// out (operations, API addresses, causes) for the log and diagnostics.
	Error       string
	ErrorDetail string    `gorm:"not null;default:''"`
	StartedAt   time.Time `gorm:"index"`
	FinishedAt  *time.Time
	Read        int
	Changed     int
	Pushed      int
	Failed      int
	// Located: the connection had a location map when the run began, so
	// Changed, Pushed and Failed count SKU-locations (a SKU at one store
	// location) while Read counts SKUs.
	Located  bool `gorm:"not null;default:false"`
	Skipped  int
	Unmapped int
	// SKUs the warehouse gave no quantity for, by problem, and how many of
	// them were left unpushed (Attention).
	MissingFromFeed int `gorm:"not null;default:0"`
	ConflictingRows int `gorm:"not null;default:0"`
	InvalidQuantity int `gorm:"not null;default:0"`
	// ComponentMissing counts bundles one of whose components the
	// warehouse does not list.
	ComponentMissing int `gorm:"not null;default:0"`
	Attention        int `gorm:"not null;default:0"`
	// NotTracked counts SKUs whose listing's stock the store does not count.
	NotTracked int `gorm:"not null;default:0"`
	// Drifted counts SKUs the store moved away from the published quantity.
	Drifted int `gorm:"not null;default:0"`
	// NotFed counts store listings ShelfSync once wrote that no warehouse
	// SKU feeds any more.
	NotFed    int `gorm:"not null;default:0"`
	APICalls  int
	Throttled int
	Problems  []string `gorm:"serializer:json"`
	// PID and Host name the process that owns a running run, so another
	// process can tell a live run from one whose process died.
	PID  int
	Host string
	// InFlight lists, as a JSON array, the SKUs whose writes would move
	// the store away from its confirmed baseline, written before the first
	// write (see storage/pending.go). A recorded run has none.
	InFlight string
}

// SyncRunItem is one SKU a run pushed or failed to push. Runs store them
// in blocks (RunItemBlock, history.go).
type SyncRunItem struct {
	SKU     string
	FromQty *int
	ToQty   int
	Status  string // ok | failed
	Error   string
	// Expected, when set, is the quantity ShelfSync last knew the store
	// held, which the store had changed by itself (to FromQty) before this
	// write overwrote it: from, seen, to.
	Expected *int
	// Location is the store location written, on a connection with a
	// location map; "" is the store's primary or configured location.
	Location string
}
