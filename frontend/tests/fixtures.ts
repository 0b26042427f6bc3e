// Small builders for test data in the shape Go sends.
import type { Connection, InventoryItem, InventoryPage, ItemState, Run, ShortName } from '@/bridge/types'

/** A kind that describes no short name: the wizard calls it by its label. */
export const noShortName: ShortName = { field: '', part: '', format: '', empty: '' }

export function run(over: Partial<Run> = {}): Run {
  return {
    runId: 1,
    connectionId: 1,
    connection: 'Demo',
    status: 'succeeded',
    trigger: 'manual',
    modeRequested: 'smart',
    modeRun: 'smart',
    reason: '',
    startedAt: '2026-11-26T14:00:00Z',
    finishedAt: '2026-11-26T14:00:03Z',
    durationMs: 3000,
    counts: { read: 10, changed: 2, pushed: 2, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
    located: false,
    apiCalls: 3,
    warnings: 0,
    health: { key: 'healthy', label: 'Healthy', sentence: 'The last sync worked.' },
    ...over,
  }
}

export function connection(over: Partial<Connection> = {}): Connection {
  return {
    id: 1,
    name: 'Demo',
    demo: true,
    warehouse: { kind: 'demo', label: 'Demo warehouse', settings: {}, secretsSet: [] },
    store: { kind: 'demo', label: 'Demo store', settings: {}, secretsSet: [] },
    schedule: { enabled: true, intervalMinutes: 60, autoMode: 'smart', nextRunAt: null },
    rules: { buffer: 0, cap: 0, zeroBelow: 0, ignoredSkus: [], mapping: {}, missingSkus: 'leave', drift: 'repair' },
    retentionDays: 90,
    runDeadlineMinutes: 240,
    createdAt: '2026-11-01T00:00:00Z',
    lastRun: null,
    health: { key: 'new', label: 'Not synced yet', sentence: 'Start with a Full inventory update.' },
    running: false,
    fedLocations: [],
    ...over,
  }
}

export function item(sku: string, state: ItemState = 'in_sync'): InventoryItem {
  return {
    sku,
    name: `Product ${sku}`,
    warehouseQty: 5,
    publishedQty: 5,
    storeQty: 5,
    warehouseUpdatedAt: null,
    lastSyncedAt: null,
    storeSeenAt: null,
    state,
    locations: [],
    bundle: [],
  }
}

export function page(skus: string[], next = '', total = skus.length, stateCounts: Record<string, number> = {}): InventoryPage {
  return { items: skus.map((s) => item(s)), next, total, stateCounts }
}

/** A promise whose resolution the test controls. */
export function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
