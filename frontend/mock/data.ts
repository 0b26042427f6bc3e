// Made-up data for the in-browser mock backend (`vite --mode mock`).
import type { Connection, InventoryItem, ItemState, Kind, Run, RunItem } from '@/bridge/types'
import registry from '../tests/registry.json'

const words = ['Linen', 'Oak', 'Cotton', 'Wool', 'Ceramic', 'Brass', 'Walnut', 'Glass', 'Copper', 'Stone']
const things = ['Mug', 'Throw', 'Lamp', 'Tote', 'Bowl', 'Candle', 'Vase', 'Apron', 'Tray', 'Cushion']
const states: ItemState[] = ['in_sync', 'in_sync', 'in_sync', 'in_sync', 'in_sync', 'in_sync', 'changed', 'pending', 'failed', 'unmapped']

/** A deterministic pseudo-random sequence so screenshots are repeatable. */
export function rng(seed: number) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}

export function makeItems(n: number, now: number): InventoryItem[] {
  const r = rng(42)
  const out: InventoryItem[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const state = states[Math.floor(r() * states.length)]!
    const wh = Math.floor(r() * 120)
    const store = state === 'in_sync' ? wh : Math.max(0, wh + Math.floor(r() * 10) - 5)
    out[i] = {
      sku: `SKU-${String(i + 1).padStart(6, '0')}`,
      name: `${words[i % 10]} ${things[Math.floor(i / 10) % 10]} ${Math.floor(i / 100) + 1}`,
      warehouseQty: state === 'unmapped' ? null : wh,
      publishedQty: state === 'unmapped' ? null : wh,
      storeQty: state === 'unmapped' && r() < 0.5 ? null : store,
      warehouseUpdatedAt: new Date(now - Math.floor(r() * 30 * 86400_000)).toISOString(),
      lastSyncedAt: state === 'unmapped' ? null : new Date(now - Math.floor(r() * 86400_000)).toISOString(),
      storeSeenAt: null,
      state,
      error: state === 'failed' ? 'The store refused the update (HTTP 422): the location is not stocked.' : undefined,
      locations: [],
      bundle: [],
    }
  }
  return out
}

/** The real connector descriptions, as Go wrote them for the tests (registry_fixture_test.go). */
export const kinds: Kind[] = registry.kinds as Kind[]

/** A stand-in for Go's types.RunHealth, enough for the mock's runs. */
export function mockHealth(status: string, failed: number): Run['health'] {
  if (status === 'failed') return { key: 'failing', label: 'Failing', sentence: 'The last sync failed.' }
  if (failed > 0) return { key: 'attention', label: 'Needs attention', sentence: `${failed} SKUs could not be updated in the last sync.` }
  if (status === 'cancelled') return { key: 'attention', label: 'Needs attention', sentence: 'The last sync was cancelled; some SKUs may still wait for an update.' }
  return { key: 'healthy', label: 'Healthy', sentence: 'The last sync worked.' }
}

export function makeRuns(connectionId: number, name: string, count: number, now: number): Run[] {
  const r = rng(connectionId * 7)
  const runs: Run[] = []
  for (let i = 0; i < count; i++) {
    const started = now - (count - i) * 5 * 3600_000
    const failed = r() < 0.2 ? Math.floor(r() * 4) + 1 : 0
    const pushed = Math.floor(r() * 40) + (i === 0 ? 900 : 0)
    const status = i === count - 3 ? 'cancelled' : failed ? 'partial' : 'succeeded'
    runs.push({
      runId: connectionId * 1000 + i + 1,
      connectionId,
      connection: name,
      status,
      trigger: i % 4 === 0 ? 'manual' : 'scheduled',
      modeRequested: i === 0 ? 'smart' : 'smart',
      modeRun: i === 0 ? 'full' : 'smart',
      reason: i === 0 ? 'First sync of this connection: there is no baseline yet, so every SKU was set.' : '',
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + 4200).toISOString(),
      durationMs: 1800 + Math.floor(r() * 9000),
      counts: { read: 1200, changed: pushed + failed, pushed, failed, skipped: 3, unmapped: 12, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
      located: false,
      apiCalls: Math.ceil((pushed + failed) / 100) + 3,
      warnings: failed ? 1 : 0,
      problems: failed ? [`${failed} SKUs failed; they are retried on the next sync.`] : undefined,
      health: mockHealth(status, failed),
    })
  }
  return runs.reverse()
}

export function runItems(run: Run): RunItem[] {
  const r = rng(run.runId)
  const items: RunItem[] = []
  for (let i = 0; i < run.counts.pushed + run.counts.failed; i++) {
    const from = Math.floor(r() * 50)
    const bad = i < run.counts.failed
    items.push({
      sku: `SKU-${String(Math.floor(r() * 100000)).padStart(6, '0')}`,
      from: r() < 0.05 ? null : from,
      to: Math.max(0, from + Math.floor(r() * 10) - 6),
      status: bad ? 'failed' : 'ok',
      error: bad ? 'The store answered 429 Too Many Requests three times; retried next sync.' : undefined,
    })
  }
  return items
}

export function demoConnection(now: number): Connection {
  return {
    id: 1,
    name: 'Demo',
    demo: true,
    warehouse: { kind: 'demo', label: 'Demo warehouse', settings: {}, secretsSet: [] },
    store: { kind: 'demo', label: 'Demo store', settings: {}, secretsSet: [] },
    schedule: { enabled: true, intervalMinutes: 60, autoMode: 'smart', nextRunAt: new Date(now + 23 * 60_000).toISOString() },
    rules: { buffer: 2, cap: 0, zeroBelow: 1, ignoredSkus: ['GIFT-CARD'], mapping: { 'SKU-000001': 'SHOP-1', 'SKU-000002': 'SHOP-2' }, missingSkus: 'leave', drift: 'repair' },
    retentionDays: 90,
    runDeadlineMinutes: 240,
    createdAt: new Date(now - 40 * 86400_000).toISOString(),
    lastRun: null,
    health: { key: 'new', label: 'Not synced yet', sentence: 'Start with a Full inventory update.' },
    running: false,
    fedLocations: [],
  }
}
