// Code generated from backend/types by `make types`; DO NOT EDIT.
// Field names are the JSON contract; Go's time.Time arrives as an RFC 3339 string.

export type ISOTime = string

/** HealthKey is a connection's one status at a glance. */
export type HealthKey = 'new' | 'failing' | 'held' | 'attention' | 'paused' | 'healthy'
export const healthKeyValues: readonly HealthKey[] = ['new', 'failing', 'held', 'attention', 'paused', 'healthy']

/** RunStatus is where a sync run stands. */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'cancelled' | 'held'
export const runStatusValues: readonly RunStatus[] = ['running', 'succeeded', 'partial', 'failed', 'interrupted', 'cancelled', 'held']

/** ItemState is a SKU's state as the Inventory tab filters and counts it. */
export type ItemState = 'in_sync' | 'changed' | 'pending' | 'failed' | 'drifted' | 'missing_from_feed' | 'conflicting_rows' | 'invalid_quantity' | 'component_missing' | 'not_fed' | 'not_tracked' | 'unmapped' | 'ignored'
export const itemStateValues: readonly ItemState[] = ['in_sync', 'changed', 'pending', 'failed', 'drifted', 'missing_from_feed', 'conflicting_rows', 'invalid_quantity', 'component_missing', 'not_fed', 'not_tracked', 'unmapped', 'ignored']

/**
 * StateGroup names several item states the Inventory tab and `shelfsync
 * inventory --state` filter by as one.
 */
export type StateGroup = 'attention'
export const stateGroupValues: readonly StateGroup[] = ['attention']

/** Trigger says who asked for a run; it is kept in the run's history. */
export type Trigger = 'manual' | 'scheduled' | 'startup' | 'cli' | 'undo'
export const triggerValues: readonly Trigger[] = ['manual', 'scheduled', 'startup', 'cli', 'undo']

/** SyncPhase is the step a running sync is at, reported with its progress. */
export type SyncPhase = 'reading_warehouse' | 'reading_store' | 'planning' | 'pushing' | 'recording'
export const syncPhaseValues: readonly SyncPhase[] = ['reading_warehouse', 'reading_store', 'planning', 'pushing', 'recording']

/** SortKey is a column the Inventory tab sorts by. */
export type SortKey = 'sku' | 'name' | 'warehouseQty' | 'publishedQty' | 'storeQty' | 'warehouseUpdatedAt' | 'lastSyncedAt' | 'state'
export const sortKeyValues: readonly SortKey[] = ['sku', 'name', 'warehouseQty', 'publishedQty', 'storeQty', 'warehouseUpdatedAt', 'lastSyncedAt', 'state']

/**
 * Mode is the kind of sync: Full pushes every mapped SKU, Smart only what
 * changed since the store last confirmed a quantity.
 */
export type Mode = 'full' | 'smart' | 'undo'
export const modeValues: readonly Mode[] = ['full', 'smart', 'undo']

/** FieldKind is what a field's value is, beyond text the merchant types. */
export type FieldKind = '' | 'local file path'
export const fieldKindValues: readonly FieldKind[] = ['', 'local file path']

/** NamePart is the part of a field's value that names a configured side. */
export type NamePart = '' | 'file' | 'subdomain' | 'host'
export const namePartValues: readonly NamePart[] = ['', 'file', 'subdomain', 'host']

/**
 * AttentionStates are the states in which a SKU needs the merchant: the
 * store holds, or may hold, a quantity ShelfSync could not make right by
 * itself (the store refused it, moved away from it, the warehouse gave no
 * usable quantity, no warehouse SKU feeds it, or the store does not count
 * it). The Inventory tab's "Needs attention" chip counts them together and
 * filters by them all (StateGroupAttention, `inventory --state attention`).
 * The everyday states and the merchant's own choices (unmapped, ignored)
 * are not among them.
 */
export const attentionStates: readonly ItemState[] = ['failed', 'drifted', 'missing_from_feed', 'conflicting_rows', 'invalid_quantity', 'component_missing', 'not_fed', 'not_tracked']

/**
 * Bundle is a store listing whose quantity is built from warehouse SKUs
 * (a kit): GIFTBOX = 2 x MUG + 1 x TEA.
 */
export interface Bundle {
  sku: string
  components: BundleComponent[]
  /**
   * Makes is how many whole bundles the components made at the last
   * sync (before the rules); null when a component is missing or its
   * quantity unusable, or was never read.
   */
  makes: number | null
  /**
   * Note says which component limits the bundle ("limited by MUG: 7 ÷ 2")
   * or which is missing.
   */
  note: string
}

/**
 * BundleComponent is one warehouse SKU of a bundle and the units one
 * bundle takes.
 */
export interface BundleComponent {
  sku: string
  qty: number
}

/** BundleImport is what a bundles CSV import changed. */
export interface BundleImport {
  /**
   * Bundles is how many bundles the file gave (each replaces the recipe
   * of the bundle of that SKU); Components how many lines it took.
   */
  bundles: number
  components: number
}

/** Counts are a run's tallies. */
export interface Counts {
  read: number
  changed: number
  pushed: number
  failed: number
  skipped: number
  unmapped: number
  /**
   * SKUs the warehouse gave no quantity for, by problem, and how many of
   * them need the merchant (the rest were handled by a rule).
   */
  missingFromFeed: number
  conflictingRows: number
  invalidQuantity: number
  /**
   * ComponentMissing counts bundles one of whose components the
   * warehouse does not list.
   */
  componentMissing: number
  attention: number
  /** NotTracked counts SKUs whose store listing does not count stock. */
  notTracked: number
  /**
   * Drifted counts SKUs the store moved away from the published quantity
   * since ShelfSync's last look (repaired, or only flagged).
   */
  drifted: number
  /**
   * NotFed counts store listings no warehouse SKU feeds any more (a
   * mapping moved away) that still sell their last quantity.
   */
  notFed: number
}

/** RunItem is one SKU that a run pushed or failed to push. */
export interface RunItem {
  sku: string
  from: number | null
  to: number
  /** ok | failed */
  status: string
  error?: string
  /**
   * Expected, when set, is what ShelfSync last knew the store held before
   * the store changed it itself to From; this write overwrote that.
   */
  expected?: number | null
  /**
   * Location is the store location written, on a connection with a
   * location map.
   */
  location?: string
}

/** Run is one sync run as the history shows it. */
export interface Run {
  runId: number
  connectionId: number
  connection: string
  status: RunStatus
  trigger: Trigger
  modeRequested: Mode
  modeRun: Mode
  reason: string
  error?: string
  startedAt: ISOTime
  finishedAt: ISOTime | null
  durationMs: number
  counts: Counts
  /**
   * Located is true for a run of a connection with a location map: its
   * Changed, Pushed and Failed count SKU-locations (a SKU at one store
   * location), while Read still counts the SKUs read (Writes).
   */
  located: boolean
  apiCalls: number
  problems?: string[]
  /**
   * Warnings counts what the run met but worked around (rows it skipped,
   * duplicate store listings): the entries of Problems. A succeeded run
   * with warnings is "Succeeded with warnings"; Status stays "succeeded"
   * so scripts that test it keep working.
   */
  warnings: number
  /** Health is the status this run leaves its connection in (RunHealth). */
  health: Health
  items?: RunItem[]
}

/** Schedule is a connection's automatic sync settings. */
export interface Schedule {
  enabled: boolean
  intervalMinutes: number
  autoMode: Mode
  nextRunAt: ISOTime | null
}

/** Rules are a connection's quantity rules. */
export interface Rules {
  /** safety stock subtracted from the warehouse qty */
  buffer: number
  /** most ever published; 0 = no cap */
  cap: number
  /** publish 0 when the qty after buffer is below this */
  zeroBelow: number
  ignoredSkus: string[]
  /** warehouse SKU -> store SKU where they differ */
  mapping: Record<string, string>
  /**
   * MissingSKUs: what happens to SKUs missing from the warehouse:
   * "leave" them as they are (the default) or set them to "zero".
   */
  missingSkus: string
  /**
   * Drift: what a Smart Sync does when the store drifted: "repair" (the
   * default) or "flag" (only show it).
   */
  drift: string
}

/** Endpoint describes one side of a connection, secrets left out. */
export interface Endpoint {
  kind: string
  /** "Demo warehouse", "CSV: /path/inv.csv", "Shopify: shop.myshopify.com" */
  label: string
  settings: Record<string, string>
  /** SecretsSet names the secrets that are stored (never their values). */
  secretsSet: string[]
}

/** Connection is a warehouse paired with a store. */
export interface Connection {
  id: number
  name: string
  demo: boolean
  warehouse: Endpoint
  store: Endpoint
  schedule: Schedule
  rules: Rules
  retentionDays: number
  /**
   * RunDeadlineMinutes is how long one run may take before it is
   * stopped, the default (engine.DefaultRunDeadline) when the
   * connection sets none.
   */
  runDeadlineMinutes: number
  createdAt: ISOTime
  lastRun: Run | null
  /**
   * Health is the connection's status as its card and the tray show it
   * (ConnectionHealth): its last run's, or not synced yet, or paused.
   */
  health: Health
  running: boolean
  /**
   * FedLocations are the store locations the connection's location map
   * writes, in order; empty with the default map (one location).
   */
  fedLocations: string[]
}

/** InventoryItem is one row of a connection's Inventory tab. */
export interface InventoryItem {
  sku: string
  name: string
  warehouseQty: number | null
  publishedQty: number | null
  storeQty: number | null
  warehouseUpdatedAt: ISOTime | null
  lastSyncedAt: ISOTime | null
  /**
   * StoreSeenAt is when ShelfSync last saw the store change its quantity
   * itself (drift).
   */
  storeSeenAt: ISOTime | null
  state: ItemState
  error?: string
  /**
   * Locations is the SKU at each store location, on a connection with
   * a location map (empty otherwise).
   */
  locations: ItemAtLocation[]
  /**
   * Bundle is the recipe of a bundle's listing, components in SKU order
   * (empty for a warehouse SKU).
   */
  bundle: BundleComponent[]
}

/** ItemAtLocation is one SKU at one store location. */
export interface ItemAtLocation {
  location: string
  warehouseQty: number
  publishedQty: number | null
  storeQty: number | null
  /** State is in_sync, changed, pending or failed. */
  state: ItemState
  error?: string
}

/** InventoryQuery asks for one keyset page of the Inventory tab. */
export interface InventoryQuery {
  connectionId: number
  /** SKU or name substring */
  search: string
  /** absent for all */
  state?: ItemState
  /**
   * Group filters by several states at once ("attention"); State is
   * then absent.
   */
  group?: StateGroup
  sortBy: SortKey
  desc: boolean
  /**
   * Location, on a connection with a location map, shows each SKU's
   * quantities and state at that store location ("" for the sums).
   */
  location?: string
  /** After is the keyset cursor from the previous page ("" for the first). */
  after: string
  limit: number
}

/** InventoryPage is one page of inventory rows. */
export interface InventoryPage {
  items: InventoryItem[]
  /** cursor for the next page, "" at the end */
  next: string
  total: number
  stateCounts: Partial<Record<ItemState, number>>
}

/** Progress is a running sync's progress, sent as the sync:progress event. */
export interface Progress {
  connectionId: number
  runId: number
  phase: SyncPhase
  done: number
  total: number
}

/** NewConnection is what the Add connection wizard (or the CLI) submits. */
export interface NewConnection {
  name: string
  warehouseKind: string
  warehouseSettings: Record<string, string>
  warehouseSecrets: Record<string, string>
  storeKind: string
  storeSettings: Record<string, string>
  storeSecrets: Record<string, string>
}

/** SideTest is what Test connection found on one side. */
export interface SideTest {
  ok: boolean
  summary: string
  sample: string[]
  count: number
  /**
   * Warnings are rows the test read around (a quantity that is not a
   * number): the side is reachable, but not clean.
   */
  warnings?: string[]
  error?: string
  /**
   * HostKeyFingerprint is set when an SFTP server is new: the user may
   * accept it (ConnectionService.TrustHostKey) and test again.
   */
  hostKeyFingerprint?: string
  /**
   * Choices are values the platform offers for a setting, by setting
   * key (Shopify's locations), with the one the test used.
   */
  choices?: Record<string, SettingChoices>
}

/** SettingChoices are a setting's possible values and the one in use. */
export interface SettingChoices {
  options: Choice[]
  selected: string
}

/** Choice is one value a setting may take, with the name a merchant knows. */
export interface Choice {
  value: string
  label: string
}

/** TestReport is the Add connection wizard's Test connection result. */
export interface TestReport {
  warehouse: SideTest
  store: SideTest
}

/** ScheduleInput changes a connection's automatic sync. */
export interface ScheduleInput {
  enabled: boolean
  intervalMinutes: number
  autoMode: Mode
}

/** PreviewItem is one SKU a dry run would push. */
export interface PreviewItem {
  sku: string
  name: string
  from: number | null
  to: number
  delta: number
  why: string
  /**
   * Location is the store location the quantity would be set at, on a
   * connection with a location map; LocationName its name in the store
   * (the id when the store could not be asked).
   */
  location?: string
  locationName?: string
  /**
   * Bundle, for a bundle, says which component drove its number
   * ("limited by MUG: 7 ÷ 2"); "" for a warehouse SKU.
   */
  bundle: string
}

/** Preview is what a sync would do, computed without writing anything. */
export interface Preview {
  modeRequested: Mode
  modeRun: Mode
  reason: string
  counts: Counts
  biggestDrops: PreviewItem[]
  /** the first 100 of them */
  toZero: PreviewItem[]
  /**
   * ToZeroCount is how many SKUs the sync would set to 0, all of them:
   * the number "Push anyway" names before it runs.
   */
  toZeroCount: number
  /** first 500 of what would be pushed */
  items: PreviewItem[]
  /**
   * Located is true for a connection with a location map: Counts.Changed
   * and Counts.Pushed then count SKU-locations (a SKU at one store
   * location), while Counts.Read still counts the SKUs read.
   */
  located: boolean
}

/** UndoPreview is what undoing a run would do, before the merchant agrees. */
export interface UndoPreview {
  runId: number
  restore: UndoItem[]
  skipped: UndoSkip[]
}

/**
 * UndoItem is one SKU an undo sets back: from what the run wrote (and the
 * store still holds) to the quantity before the run.
 */
export interface UndoItem {
  sku: string
  /**
   * Location is the store location set back, on a run that wrote per
   * location ("" otherwise).
   */
  location?: string
  from: number
  to: number
}

/** UndoSkip is one SKU an undo leaves alone, and why, in words. */
export interface UndoSkip {
  sku: string
  /** as in UndoItem */
  location?: string
  wrote: number
  now: number | null
  reason: string
}

/** HistoryQuery asks for runs of a connection, newest first. */
export interface HistoryQuery {
  connectionId: number
  /** absent for all */
  status?: RunStatus
  limit: number
  /** keyset: runs older than this id */
  beforeId: number
}

/** ChartPoint is one run on the History chart. */
export interface ChartPoint {
  runId: number
  startedAt: ISOTime
  pushed: number
  /**
   * Changed is how many SKUs' quantities the run found changed: the
   * chart's bar, which a Full Sync's every-SKU write does not inflate.
   */
  changed: number
  failed: number
  status: RunStatus
}

/** Field describes one input of a connector kind, so the wizard can draw it. */
export interface Field {
  key: string
  label: string
  placeholder: string
  help: string
  secret: boolean
  required: boolean
  /** Advanced fields wait under "More options" unless they hold a value. */
  advanced: boolean
  /** ShownWhen: the field is asked for only while this holds. */
  shownWhen: FieldCondition
  /**
   * Kind is what the value is beyond text: a local file path gets the
   * desktop's file dialog.
   */
  kind: FieldKind
}

/**
 * FieldCondition holds when the field named Field starts with one of
 * Prefixes, case aside; an empty Field always holds.
 */
export interface FieldCondition {
  field: string
  prefixes: string[]
}

/** Kind is a warehouse or store kind the wizard offers. */
export interface Kind {
  kind: string
  /** warehouse | store */
  side: string
  label: string
  fields: Field[]
  /**
   * Limits are the read limits a connection of this kind may raise
   * (a feed's rows, a store's pages), each a setting of its own.
   */
  limits: Limit[]
  /**
   * ShortName is what the wizard calls a configured side in the name it
   * suggests for a connection.
   */
  shortName: ShortName
}

/**
 * ShortName names a configured side after a field's value: Part of the
 * value of Field written into Format where it says {} ("" writes it
 * alone); Empty ("" for the kind's label) when there is no such value.
 */
export interface ShortName {
  field: string
  part: NamePart
  format: string
  empty: string
}

/**
 * Limit is one read limit: the setting that raises it, its default and
 * what it counts ("rows", "MB unpacked").
 */
export interface Limit {
  key: string
  default: number
  unit: string
  /**
   * A value typed for it is a whole number (thousands commas allowed)
   * from Min to Max; Problem is the sentence for one that is not, as
   * saving would refuse it (connector.Limit.Value).
   */
  min: number
  max: number
  problem: string
}

/** RunStarted is the sync:started event payload. */
export interface RunStarted {
  connectionId: number
  runId: number
  trigger: Trigger
  modeRequested: Mode
}

/** RulePreviewRow shows the effect of quantity rules on one SKU. */
export interface RulePreviewRow {
  sku: string
  name: string
  warehouseQty: number
  publishedNow: number
  publishedNew: number
  ignored: boolean
}

/** ScheduleChanged is the schedule:changed event payload. */
export interface ScheduleChanged {
  connectionId: number
  nextRunAt: ISOTime | null
  paused: boolean
}

/**
 * WindowPlace is the window's position and size, remembered between runs;
 * zeros when never saved.
 */
export interface WindowPlace {
  x: number
  y: number
  width: number
  height: number
}

/**
 * RulesEffect is what a set of quantity rules would publish across every
 * SKU of a connection, for the warning before saving rules that zero many.
 */
export interface RulesEffect {
  /** SKUs the warehouse lists */
  skus: number
  /** of them, published as 0 under the rules (ignored ones left out) */
  toZero: number
  /** of them, published as 0 under the current rules */
  zeroNow: number
}

/** Place is a store location or a warehouse facility. */
export interface Place {
  id: string
  name: string
  primary: boolean
}

/** LocationFeed is one store location and the facilities that feed it. */
export interface LocationFeed {
  location: string
  facilities: string[]
}

/**
 * LocationMap is a connection's location map, with the store's locations
 * and the warehouse's facilities it can name.
 */
export interface LocationMap {
  connectionId: number
  /**
   * Default is true when no map is set: every facility feeds the
   * store's primary location, as before locations.
   */
  default: boolean
  /**
   * Locations are the store's, the primary first; Facilities the
   * warehouse's ("*", the whole warehouse, for one without facilities).
   */
  locations: Place[]
  facilities: Place[]
  /**
   * Feeds has every store location, in Locations' order; one fed by no
   * facility is never written.
   */
  feeds: LocationFeed[]
}

/**
 * Health is one truthful status for a connection, with the plain sentence
 * that says why. The card, the Inventory tab and the tray menu all show it.
 */
export interface Health {
  key: HealthKey
  label: string
  sentence: string
}

/**
 * StuckRun is a run still marked running that no ShelfSync on this
 * computer is running: its process stopped where it could not be seen to
 * (another computer name, a data folder copied from elsewhere).
 */
export interface StuckRun {
  runId: number
  startedAt: ISOTime
  /** Host is the computer name the run was started on. */
  host: string
  pid: number
}
