package types

import (
	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

// The named values below are the one definition of each: storage keeps
// them in its rows, the engine and the scheduler set them, and the window's
// TypeScript unions are generated from these declarations (see
// typescript_test.go), so a value added here reaches the window at the next
// `make types`.

// RunStatus is where a sync run stands.
type RunStatus string

const (
	RunRunning     RunStatus = "running"
	RunSucceeded   RunStatus = "succeeded"
	RunPartial     RunStatus = "partial"
	RunFailed      RunStatus = "failed"
	RunInterrupted RunStatus = "interrupted"
	RunCancelled   RunStatus = "cancelled"
	RunHeld        RunStatus = "held"
)

// RunStatuses lists every status (a test keeps it equal to the constants
// above).
var RunStatuses = []RunStatus{RunRunning, RunSucceeded, RunPartial, RunFailed, RunInterrupted, RunCancelled, RunHeld}

// ItemState is a SKU's state as the Inventory tab filters and counts it.
type ItemState string

const (
	StateInSync  ItemState = "in_sync"
	StateChanged ItemState = "changed"
	StatePending ItemState = "pending"
	StateFailed  ItemState = "failed"
	// StateDrifted: the store moved since ShelfSync's last confirmed write
	// (a hand edit, a sale, another app) and does not hold the published
	// quantity.
	StateDrifted ItemState = "drifted"
	// The warehouse gave no quantity to publish (storage.Item.Attention
	// says which); the store keeps what it had until the merchant acts.
	StateMissingFromFeed ItemState = "missing_from_feed"
	StateConflictingRows ItemState = "conflicting_rows"
	StateInvalidQuantity ItemState = "invalid_quantity"
	// StateComponentMissing is a bundle one of whose components the
	// warehouse does not list: like a missing SKU, it keeps its store
	// quantity unless the rules set missing SKUs to 0.
	StateComponentMissing ItemState = "component_missing"
	// StateNotFed is a store listing ShelfSync once wrote that no warehouse
	// SKU feeds any more (a mapping moved away): it keeps selling its last
	// quantity.
	StateNotFed ItemState = "not_fed"
	// StateNotTracked is a SKU whose store listing does not count stock
	// (WooCommerce manage_stock off, Shopify tracked off): no quantity
	// ShelfSync writes there would stop a sale.
	StateNotTracked ItemState = "not_tracked"
	StateUnmapped   ItemState = "unmapped"
	// StateIgnored marks a SKU the rules exclude from syncing.
	StateIgnored ItemState = "ignored"
)

// ItemStates lists every state, in the order the Inventory tab shows them
// (a test keeps it equal to the constants above).
var ItemStates = []ItemState{StateInSync, StateChanged, StatePending, StateFailed, StateDrifted,
	StateMissingFromFeed, StateConflictingRows, StateInvalidQuantity, StateComponentMissing, StateNotFed, StateNotTracked, StateUnmapped, StateIgnored}

// AttentionStates are the states in which a SKU needs the merchant: the
// store holds, or may hold, a quantity ShelfSync could not make right by
// itself (the store refused it, moved away from it, the warehouse gave no
// usable quantity, no warehouse SKU feeds it, or the store does not count
// it). The Inventory tab's "Needs attention" chip counts them together and
// filters by them all (StateGroupAttention, `inventory --state attention`).
// The everyday states and the merchant's own choices (unmapped, ignored)
// are not among them.
var AttentionStates = []ItemState{StateFailed, StateDrifted, StateMissingFromFeed, StateConflictingRows,
	StateInvalidQuantity, StateComponentMissing, StateNotFed, StateNotTracked}

// StateGroup names several item states the Inventory tab and `shelfsync
// inventory --state` filter by as one.
type StateGroup string

const (
	// StateGroupAttention is every SKU in one of AttentionStates.
	StateGroupAttention StateGroup = "attention"
)

// States are the item states a group stands for; nil for an unknown group.
func (g StateGroup) States() []ItemState {
	if g == StateGroupAttention {
		return AttentionStates
	}
	return nil
}

// Trigger says who asked for a run; it is kept in the run's history.
type Trigger string

const (
	TriggerManual Trigger = "manual"
	// TriggerScheduled is a run that came due on its interval.
	TriggerScheduled Trigger = "scheduled"
	// TriggerStartup is the one catch-up run for a connection whose last
	// run is older than its interval (or that never ran).
	TriggerStartup Trigger = "startup"
	TriggerCLI     Trigger = "cli"
	// TriggerUndo is a run that undoes an earlier one (engine.Request.UndoRun).
	TriggerUndo Trigger = "undo"
)

// SyncPhase is the step a running sync is at, reported with its progress.
type SyncPhase string

const (
	PhaseReadingWarehouse SyncPhase = "reading_warehouse"
	PhaseReadingStore     SyncPhase = "reading_store"
	PhasePlanning         SyncPhase = "planning"
	PhasePushing          SyncPhase = "pushing"
	PhaseRecording        SyncPhase = "recording"
)

// SortKey is a column the Inventory tab sorts by.
type SortKey string

const (
	SortSKU                SortKey = "sku"
	SortName               SortKey = "name"
	SortWarehouseQty       SortKey = "warehouseQty"
	SortPublishedQty       SortKey = "publishedQty"
	SortStoreQty           SortKey = "storeQty"
	SortWarehouseUpdatedAt SortKey = "warehouseUpdatedAt"
	SortLastSyncedAt       SortKey = "lastSyncedAt"
	SortState              SortKey = "state"
)

// Mode is the kind of sync (Full or Smart). The planner owns it: it is
// declared in backend/inventory, which imports nothing of ours.
type Mode = inventory.Mode

// FieldKind is what a connector's field holds beyond text; NamePart is
// the part of a field's value that names a configured side. The connector
// registry owns both (backend/connector, which imports nothing of ours).
type (
	FieldKind = connector.FieldKind
	NamePart  = connector.NamePart
)
