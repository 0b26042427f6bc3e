// Pure formatting shared by the screens. Every function takes "now" or a
// locale where it matters, so tests pin them down without a clock.
// The label tables are keyed by the unions generated from Go: a value Go
// adds fails the type check here until it has a label.
import { attentionStates, itemStateValues, runStatusValues, stateGroupValues, type HealthKey, type StateGroup } from '@/bridge/types'
import type { Connection, ItemState, Run, RunStatus, Schedule, SyncPhase, Trigger } from '@/bridge/types'

export type TagType = 'default' | 'success' | 'info' | 'warning' | 'error'

const dash = '—'

export function qty(n: number | null | undefined): string {
  return n === null || n === undefined ? dash : n.toLocaleString('en-US')
}

export function modeLabel(mode: string): string {
  if (mode === 'undo') return 'Undo'
  return mode === 'full' ? 'Full Sync' : 'Smart Sync'
}

const triggerLabels: Record<Trigger, string> = {
  manual: 'Manual',
  scheduled: 'Scheduled',
  startup: 'At startup',
  cli: 'Command line',
  undo: 'Undo',
}
export function triggerLabel(trigger: string): string {
  return triggerLabels[trigger as Trigger] ?? trigger
}

const phaseLabels: Record<SyncPhase, string> = {
  reading_warehouse: 'Reading warehouse',
  reading_store: 'Reading store',
  planning: 'Planning changes',
  pushing: 'Pushing to store',
  recording: 'Recording results',
}
export function phaseLabel(phase: string): string {
  return phaseLabels[phase as SyncPhase] ?? 'Starting'
}

const runStatuses: Record<RunStatus, { label: string; type: TagType }> = {
  running: { label: 'Running', type: 'info' },
  succeeded: { label: 'Succeeded', type: 'success' },
  partial: { label: 'Partly failed', type: 'warning' },
  failed: { label: 'Failed', type: 'error' },
  interrupted: { label: 'Interrupted', type: 'warning' },
  cancelled: { label: 'Cancelled', type: 'default' },
  held: { label: 'Held for review', type: 'warning' },
}
export function runStatus(status: string): { label: string; type: TagType } {
  return runStatuses[status as RunStatus] ?? { label: status, type: 'default' }
}

/**
 * A run's status as the merchant reads it: a run that succeeded but skipped
 * rows (or met another warning) is "Succeeded with warnings", in amber.
 */
export function runVerdict(run: Pick<Run, 'status' | 'warnings'>): { label: string; type: TagType } {
  if (run.status === 'succeeded' && (run.warnings ?? 0) > 0) return { label: 'Succeeded with warnings', type: 'warning' }
  return runStatus(run.status)
}

/** "1 warning", "3 warnings". */
export function warningsText(n: number): string {
  return n === 1 ? '1 warning' : `${n.toLocaleString('en-US')} warnings`
}

/** The unit of a located run's or preview's writes: a SKU at one store location. */
export const skuLocationWord = 'SKU-location'
export const skuLocationsWord = `${skuLocationWord}s`
const skuLocations = (n: number) => (n === 1 ? skuLocationWord : skuLocationsWord)

/**
 * n of a run's writes: "12", or "80 SKU-locations" for a run of a connection
 * with a location map, which writes a SKU once per store location, so that
 * 80 writes are not read as 80 SKUs (Go's types.Run.Writes).
 */
export function writesText(located: boolean, n: number): string {
  const count = n.toLocaleString('en-US')
  return located ? `${count} ${skuLocations(n)}` : count
}

/**
 * A write count's label in a run's details: "updated", or "SKU-location
 * failed" / "SKU-locations updated" for a located run.
 */
export function writesLabel(located: boolean, n: number, verb: string): string {
  return located ? `${skuLocations(n)} ${verb}` : verb
}

/** "N updated · M failed", the one verb for a write everywhere. */
export function runCountsText(run: Pick<Run, 'counts' | 'warnings' | 'located'>): string {
  const parts = [`${writesText(run.located, run.counts.pushed)} updated`, `${run.counts.failed.toLocaleString('en-US')} failed`]
  if ((run.warnings ?? 0) > 0) parts.push(warningsText(run.warnings))
  return parts.join(' · ')
}

export type { HealthKey } from '@/bridge/types'

export interface Health {
  key: HealthKey
  label: string
  type: TagType
  /** One plain sentence: why the connection is in this state. */
  sentence: string
}

const healthTypes: Record<HealthKey, TagType> = {
  new: 'default',
  failing: 'error',
  held: 'warning',
  attention: 'warning',
  paused: 'default',
  healthy: 'success',
}

/**
 * One truthful status per connection, as Go decides it and the connection
 * carries it (types.ConnectionHealth, which the tray menu shows too): its
 * last run's health, or not synced yet, or automatic sync paused. The
 * window only picks the tag's colour.
 */
export function connectionHealth(c: Pick<Connection, 'health'>): Health {
  return { ...c.health, type: healthTypes[c.health.key] }
}

/**
 * The History tab's status filter: every finished status, labelled as the
 * runs table labels it ('running' is left out: a run in flight is not in
 * the history yet).
 */
export const historyFilters: { value: RunStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  ...runStatusValues.filter((s) => s !== 'running').map((value) => ({
    value,
    label: runStatus(value).label,
  })),
]

export const itemStates = itemStateValues
const itemStateInfo: Record<ItemState, { label: string; type: TagType }> = {
  in_sync: { label: 'In sync', type: 'success' },
  changed: { label: 'Changed', type: 'info' },
  pending: { label: 'Pending', type: 'warning' },
  failed: { label: 'Failed', type: 'error' },
  unmapped: { label: 'Unmapped', type: 'default' },
  missing_from_feed: { label: 'Missing from feed', type: 'warning' },
  conflicting_rows: { label: 'Conflicting rows', type: 'warning' },
  invalid_quantity: { label: 'Invalid quantity', type: 'warning' },
  component_missing: { label: 'Component missing', type: 'warning' },
  not_fed: { label: 'Not fed by the warehouse', type: 'warning' },
  not_tracked: { label: 'Not tracked in the store', type: 'warning' },
  // The rules leave these SKUs alone (Rules > Ignored SKUs).
  ignored: { label: 'Ignored', type: 'default' },
  drifted: { label: 'Drifted', type: 'error' },
}
/** What the Inventory tab filters by: one state, or a group of states Go names. */
export type StateFilter = ItemState | StateGroup
const stateGroupInfo: Record<StateGroup, { label: string; type: TagType }> = {
  attention: { label: 'Needs attention', type: 'warning' },
}
export function isStateGroup(filter: string): filter is StateGroup {
  return (stateGroupValues as readonly string[]).includes(filter)
}
export function stateFilterLabel(filter: StateFilter): string {
  return isStateGroup(filter) ? stateGroupInfo[filter].label : itemState(filter).label
}
/** The states a filter keeps (none for no filter). */
export function statesOf(filter: StateFilter | ''): readonly ItemState[] {
  if (filter === '') return []
  return isStateGroup(filter) ? { attention: attentionStates }[filter] : [filter]
}
/** How many SKUs need the merchant: the attention states' counts, summed. */
export function attentionCount(counts: Partial<Record<ItemState, number>>): number {
  return attentionStates.reduce((sum, s) => sum + (counts[s] ?? 0), 0)
}
const stateReasons: Record<string, string> = {
  drifted: 'The store changed this quantity itself (a sale, a hand edit, another app) since ShelfSync last set it.',
  missing_from_feed: 'The warehouse feed no longer lists this SKU.',
  conflicting_rows: 'The warehouse feed lists this SKU on rows that disagree.',
  invalid_quantity: 'The warehouse feed gives a quantity that is not a whole number.',
  component_missing: 'A component of this bundle is not in the warehouse feed; the store keeps its quantity unless the rules set missing SKUs to 0.',
  not_fed: 'The store lists this SKU, but the warehouse does not; ShelfSync leaves its stock alone.',
  not_tracked: 'The store does not track stock for this SKU; turn on inventory tracking for it there.',
  failed: 'The store refused the update.',
}

/** Why a SKU needs a look, in one sentence: its own error, else what its state means. */
export function itemReason(item: { state: string; error?: string }): string {
  return item.error || stateReasons[item.state] || ''
}

export function itemState(state: string): { label: string; type: TagType } {
  return itemStateInfo[state as ItemState] ?? { label: state, type: 'default' }
}

export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  const rest = s % 60
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
}

export function intervalText(minutes: number): string {
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} h`
  return `${minutes} min`
}

/** "15:00" in the user's locale (24 h or 12 h as their system says). */
export function clockTime(d: Date, locale?: string): string {
  return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}

/** "at 15:00", "tomorrow at 09:00" or "on 3 Dec at 09:00". */
export function whenText(at: Date, now: Date, locale?: string): string {
  const time = clockTime(at, locale)
  if (sameDay(at, now)) return `at ${time}`
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  if (sameDay(at, tomorrow)) return `tomorrow at ${time}`
  const day = at.toLocaleDateString(locale, { day: 'numeric', month: 'short' })
  return `on ${day} at ${time}`
}

/**
 * The schedule in one line, as the Control Panel shows it:
 * "Smart Sync every 60 min · next at 15:00".
 */
export function scheduleLine(
  s: Pick<Schedule, 'enabled' | 'intervalMinutes' | 'autoMode' | 'nextRunAt'>,
  now: Date,
  opts: { paused?: boolean; locale?: string } = {},
): string {
  if (!s.enabled) return 'Automatic sync is off'
  const head = `${modeLabel(s.autoMode)} every ${intervalText(s.intervalMinutes)}`
  if (opts.paused) return `${head} · paused`
  if (!s.nextRunAt) return head
  const next = new Date(s.nextRunAt)
  if (next.getTime() <= now.getTime()) return `${head} · due now`
  return `${head} · next ${whenText(next, now, opts.locale)}`
}

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

/** "just now", "5 minutes ago", "in 2 hours", "yesterday". */
export function relativeTime(iso: string | Date, now: Date): string {
  const t = typeof iso === 'string' ? new Date(iso) : iso
  const diffS = Math.round((t.getTime() - now.getTime()) / 1000)
  const abs = Math.abs(diffS)
  // A run that started after the page's clock last ticked is a few seconds
  // "in the future": it happened just now, not "in a moment".
  if (abs < 45) return 'just now'
  if (abs < 3600) return rtf.format(Math.round(diffS / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(diffS / 3600), 'hour')
  if (abs < 86400 * 30) return rtf.format(Math.round(diffS / 86400), 'day')
  return t.toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' })
}

export function dateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return dash
  const d = new Date(iso)
  return d.toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

/** 0..100 for the progress bar; 0 while the total is not known yet. */
export function progressPercent(done: number, total: number): number {
  if (total <= 0) return 0
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)))
}

const pushReasons: Record<string, string> = {
  full: 'A Full Sync sets every SKU',
  changed: 'The warehouse quantity changed',
  pending: 'Retry of an update that failed',
  new: 'Not set by ShelfSync before',
  // The store's quantity there is known; the location has no baseline yet
  // (a location map was just set or changed).
  'first-at-location': 'First update at this location',
}
/** Why a SKU is in a sync's plan, in words (backend/inventory PushReason). */
export function pushReason(why: string): string {
  return pushReasons[why] ?? why
}

/** "from → to" for a pushed SKU; a SKU the store never had shows "new". */
export function changeText(from: number | null, to: number): string {
  return `${from === null ? 'new' : from.toLocaleString('en-US')} → ${to.toLocaleString('en-US')}`
}
