// The TypeScript side of backend/types/dto.go. Field names are the JSON
// contract; Go's time.Time arrives as an RFC 3339 string.

export type ISOTime = string

export type SyncMode = 'smart' | 'full'
export type RunStatus =
  | 'running'
  | 'succeeded'
  | 'partial'
  | 'failed'
  | 'interrupted'
  | 'cancelled'
  | 'held'
export type RunTrigger = 'manual' | 'scheduled' | 'startup' | 'cli'
export type ItemState =
  | 'in_sync'
  | 'changed'
  | 'pending'
  | 'failed'
  | 'unmapped'
  | 'missing_from_feed'
  | 'conflicting_rows'
  | 'invalid_quantity'
  | 'not_fed'
  | 'not_tracked'
export type SyncPhase = 'reading_warehouse' | 'reading_store' | 'planning' | 'pushing' | 'recording'
export type InventorySortKey =
  | 'sku'
  | 'name'
  | 'warehouseQty'
  | 'storeQty'
  | 'warehouseUpdatedAt'
  | 'lastSyncedAt'

export interface Counts {
  read: number
  changed: number
  pushed: number
  failed: number
  skipped: number
  unmapped: number
  missingFromFeed?: number
  conflictingRows?: number
  invalidQuantity?: number
  attention?: number
  notFed?: number
  notTracked?: number
}

export interface RunItem {
  sku: string
  from: number | null
  to: number
  status: 'ok' | 'failed' | string
  error?: string
}

export interface Run {
  runId: number
  connectionId: number
  connection: string
  status: RunStatus | string
  trigger: RunTrigger | string
  modeRequested: SyncMode | string
  modeRun: SyncMode | string
  reason: string
  error?: string
  startedAt: ISOTime
  finishedAt: ISOTime | null
  durationMs: number
  counts: Counts
  apiCalls: number
  problems?: string[]
  items?: RunItem[]
}

export interface Schedule {
  enabled: boolean
  intervalMinutes: number
  autoMode: SyncMode | string
  nextRunAt: ISOTime | null
}

export interface Rules {
  buffer: number
  cap: number
  zeroBelow: number
  ignoredSkus: string[] | null
  mapping: Record<string, string> | null
  missingSkus?: 'leave' | 'zero' | string
}

export interface Endpoint {
  kind: string
  label: string
  settings: Record<string, string> | null
  secretsSet: string[] | null
}

export interface Connection {
  id: number
  name: string
  demo: boolean
  warehouse: Endpoint
  store: Endpoint
  schedule: Schedule
  rules: Rules
  retentionDays: number
  createdAt: ISOTime
  lastRun: Run | null
  running: boolean
}

export interface InventoryItem {
  sku: string
  name: string
  warehouseQty: number | null
  publishedQty: number | null
  storeQty: number | null
  warehouseUpdatedAt: ISOTime | null
  lastSyncedAt: ISOTime | null
  state: ItemState | string
  error?: string
}

export interface InventoryQuery {
  connectionId: number
  search: string
  state: ItemState | ''
  sortBy: InventorySortKey
  desc: boolean
  after: string
  limit: number
}

export interface InventoryPage {
  items: InventoryItem[] | null
  next: string
  total: number
  stateCounts: Record<string, number> | null
}

export interface Progress {
  connectionId: number
  runId: number
  phase: SyncPhase | string
  done: number
  total: number
}

export interface NewConnection {
  name: string
  warehouseKind: string
  warehouseSettings: Record<string, string>
  warehouseSecrets: Record<string, string>
  storeKind: string
  storeSettings: Record<string, string>
  storeSecrets: Record<string, string>
}

export interface SideTest {
  ok: boolean
  summary: string
  sample: string[] | null
  count: number
  error?: string
  /** Set when an SFTP server is new to ShelfSync: the user may trust it and test again. */
  hostKeyFingerprint?: string
}

export interface TestReport {
  warehouse: SideTest
  store: SideTest
}

export interface ScheduleInput {
  enabled: boolean
  intervalMinutes: number
  autoMode: SyncMode
}

export interface PreviewItem {
  sku: string
  name: string
  from: number | null
  to: number
  delta: number
  why: string
}

export interface Preview {
  modeRequested: string
  modeRun: string
  reason: string
  counts: Counts
  biggestDrops: PreviewItem[] | null
  toZero: PreviewItem[] | null
  items: PreviewItem[] | null
}

export interface HistoryQuery {
  connectionId: number
  status: RunStatus | ''
  limit: number
  beforeId: number
}

export interface ChartPoint {
  runId: number
  startedAt: ISOTime
  pushed: number
  failed: number
  status: string
}

export interface Field {
  key: string
  label: string
  placeholder: string
  help: string
  secret: boolean
  required: boolean
}

export interface Kind {
  kind: string
  side: 'warehouse' | 'store' | string
  label: string
  fields: Field[] | null
}

export interface RunStarted {
  connectionId: number
  runId: number
  trigger: string
  modeRequested: string
}

export interface RulePreviewRow {
  sku: string
  name: string
  warehouseQty: number
  publishedNow: number
  publishedNew: number
  ignored: boolean
}

export interface ScheduleChanged {
  connectionId: number
  nextRunAt: ISOTime | null
  paused: boolean
}

/** A run still marked running that no ShelfSync on this computer runs (backend/types/stuck.go). */
export interface StuckRun {
  runId: number
  startedAt: ISOTime
  host: string
  pid: number
}
