import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { EventName, EventPayloads } from '@/bridge/events'

const handlers = new Map<string, (p: unknown) => void>()
const unsubscribed: string[] = []
vi.mock('@/bridge/events', () => ({
  onEvent: (name: string, h: (p: unknown) => void) => {
    handlers.set(name, h)
    return () => unsubscribed.push(name)
  },
}))
vi.mock('@/bridge/inventory', () => ({ inventoryApi: { page: vi.fn() } }))
vi.mock('@/bridge/history', () => ({ historyApi: { list: vi.fn(), chart: vi.fn(), get: vi.fn(), exportCSV: vi.fn() } }))
vi.mock('@/bridge/connections', () => ({ connectionsApi: { list: vi.fn() } }))

import { connectionsApi } from '@/bridge/connections'
import { historyApi } from '@/bridge/history'
import { inventoryApi } from '@/bridge/inventory'
import { useConnectionsStore } from '@/stores/connections'
import { useHistoryStore } from '@/stores/history'
import { useInventoryStore } from '@/stores/inventory'
import { connectLiveEvents } from '@/stores/live'
import { useProgressStore } from '@/stores/progress'
import { useNavStore } from '@/stores/nav'
import { usePrefsStore } from '@/stores/prefs'
import { connection, page, run } from './fixtures'

function fire<E extends EventName>(name: E, payload: EventPayloads[E]) {
  handlers.get(name)!(payload)
}

describe('live events', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    handlers.clear()
    unsubscribed.length = 0
    vi.mocked(connectionsApi.list).mockResolvedValue([connection()])
    vi.mocked(historyApi.list).mockResolvedValue([])
    vi.mocked(historyApi.chart).mockResolvedValue([])
    vi.mocked(inventoryApi.page).mockResolvedValue(page(['A']))
  })

  it('moves a run through every store from started to finished', async () => {
    const connections = useConnectionsStore()
    const history = useHistoryStore()
    const inventory = useInventoryStore()
    const progress = useProgressStore()
    await connections.load()
    await history.open(1)
    await inventory.open(1)
    const told: number[] = []
    connectLiveEvents({ onRunFinished: (r) => told.push(r.runId) })

    fire('sync:started', { connectionId: 1, runId: 42, trigger: 'scheduled', modeRequested: 'smart' })
    fire('sync:progress', { connectionId: 1, runId: 42, phase: 'pushing', done: 3, total: 10 })
    expect(progress.forConnection(1)?.done).toBe(3)
    expect(connections.find(1)?.running).toBe(true)

    fire('sync:finished', run({ runId: 42 }))
    expect(progress.forConnection(1)).toBeUndefined()
    expect(connections.find(1)?.lastRun?.runId).toBe(42)
    expect(history.runs.map((r) => r.runId)).toEqual([42])
    expect(inventoryApi.page).toHaveBeenCalledTimes(2)
    expect(told).toEqual([42])
  })

  it('reloads connections when Go says they changed, and unsubscribes everything', async () => {
    const off = connectLiveEvents()
    fire('connections:changed', undefined)
    await vi.waitFor(() => expect(useConnectionsStore().list).toHaveLength(1))
    off()
    expect(unsubscribed.sort()).toEqual(
      [
        'connections:changed',
        'notify:unavailable',
        'schedule:changed',
        'sync:finished',
        'sync:progress',
        'sync:started',
        'ui:show-run',
      ].sort(),
    )
  })

  it('keeps the app-wide pause in step with schedule:changed, as when the tray toggles it', async () => {
    await useConnectionsStore().load()
    connectLiveEvents()
    fire('schedule:changed', { connectionId: 1, nextRunAt: null, paused: true })
    expect(usePrefsStore().paused).toBe(true)
    expect(useConnectionsStore().find(1)?.schedule.nextRunAt).toBeNull()
    fire('schedule:changed', { connectionId: 1, nextRunAt: '2026-11-26T16:00:00Z', paused: false })
    expect(usePrefsStore().paused).toBe(false)
  })

  it('tells the shell once that notifications are unavailable', () => {
    const told: string[] = []
    connectLiveEvents({ onNotifyUnavailable: (s) => told.push(s) })
    fire('notify:unavailable', 'ShelfSync cannot show desktop notifications here.')
    fire('notify:unavailable', 'ShelfSync cannot show desktop notifications here.')
    expect(told).toEqual(['ShelfSync cannot show desktop notifications here.'])
    expect(usePrefsStore().notifyUnavailable).toBe('ShelfSync cannot show desktop notifications here.')
  })

  it('opens a run a notification points at, on its connection\'s History tab', async () => {
    vi.mocked(historyApi.get).mockResolvedValue(run({ runId: 77, connectionId: 4 }))
    connectLiveEvents()
    fire('ui:show-run', 77)
    await vi.waitFor(() => expect(useNavStore().view).toEqual({ name: 'connection', id: 4, tab: 'history' }))
    const history = useHistoryStore()
    expect(history.connectionId).toBe(4)
    expect(history.detail?.runId).toBe(77)
    expect(historyApi.list).toHaveBeenCalledWith(expect.objectContaining({ connectionId: 4 }))
  })
})
