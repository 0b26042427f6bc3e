import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'

vi.mock('@/bridge/connections', () => ({
  connectionsApi: {
    kinds: vi.fn(),
    list: vi.fn(),
    get: vi.fn(),
    test: vi.fn(),
    create: vi.fn(),
    rename: vi.fn(),
    remove: vi.fn(),
    setSchedule: vi.fn(),
    setRules: vi.fn(),
    previewRules: vi.fn(),
    importMapping: vi.fn(),
    setRetention: vi.fn(),
    setRunDeadline: vi.fn(),
  },
}))
import { connectionsApi } from '@/bridge/connections'
import { useConnectionsStore } from '@/stores/connections'
import { connection, noShortName, run } from './fixtures'

const api = vi.mocked(connectionsApi)

describe('connections store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('loads the list, and a null list from Go as empty', async () => {
    api.list.mockResolvedValueOnce([connection()]).mockResolvedValueOnce(null)
    const s = useConnectionsStore()
    await s.load()
    expect(s.list.map((c) => c.name)).toEqual(['Demo'])
    expect(s.loaded).toBe(true)
    await s.load()
    expect(s.list).toEqual([])
  })

  it('keeps the list and says what went wrong when loading fails', async () => {
    api.list.mockResolvedValueOnce([connection()]).mockRejectedValueOnce('could not open the database: disk full')
    const s = useConnectionsStore()
    await s.load()
    await s.load()
    expect(s.error).toBe('Could not open the database: disk full')
    expect(s.list).toHaveLength(1)
  })

  it('splits kinds into warehouses and stores', async () => {
    api.kinds.mockResolvedValue([
      { kind: 'demo', side: 'warehouse', label: 'Demo warehouse', fields: [], limits: [], shortName: noShortName },
      { kind: 'shopify', side: 'store', label: 'Shopify', fields: [], limits: [], shortName: noShortName },
    ])
    const s = useConnectionsStore()
    await s.loadKinds()
    await s.loadKinds()
    expect(api.kinds).toHaveBeenCalledTimes(1)
    expect(s.warehouseKinds.map((k) => k.kind)).toEqual(['demo'])
    expect(s.storeKinds.map((k) => k.kind)).toEqual(['shopify'])
  })

  it('refuses an interval under 5 minutes without asking Go', async () => {
    const s = useConnectionsStore()
    await expect(s.setSchedule(1, { enabled: true, intervalMinutes: 4, autoMode: 'smart' })).rejects.toThrow(
      'at least 5 minutes',
    )
    expect(api.setSchedule).not.toHaveBeenCalled()
  })

  it('stores the schedule Go returns, with its next run', async () => {
    api.list.mockResolvedValue([connection()])
    api.setSchedule.mockResolvedValue({ enabled: true, intervalMinutes: 15, autoMode: 'full', nextRunAt: '2026-11-26T15:00:00Z' })
    const s = useConnectionsStore()
    await s.load()
    await s.setSchedule(1, { enabled: true, intervalMinutes: 15, autoMode: 'full' })
    expect(s.find(1)?.schedule).toMatchObject({ intervalMinutes: 15, autoMode: 'full', nextRunAt: '2026-11-26T15:00:00Z' })
  })

  it('sets a run deadline in hours as minutes, and refuses one out of range without asking Go', async () => {
    api.list.mockResolvedValue([connection()])
    api.setRunDeadline.mockResolvedValue(connection({ runDeadlineMinutes: 90 }))
    const s = useConnectionsStore()
    await s.load()
    await expect(s.setRunDeadline(1, 0)).rejects.toThrow("A sync's deadline is from 1 minute to 168 hours (7 days).")
    await expect(s.setRunDeadline(1, 169)).rejects.toThrow('168 hours')
    expect(api.setRunDeadline).not.toHaveBeenCalled()
    await s.setRunDeadline(1, 1.5)
    expect(api.setRunDeadline).toHaveBeenCalledWith(1, 90)
    expect(s.find(1)?.runDeadlineMinutes).toBe(90)
  })

  it('renames with the name trimmed and refuses a blank one', async () => {
    api.list.mockResolvedValue([connection()])
    api.rename.mockResolvedValue(connection({ name: 'Main shop' }))
    const s = useConnectionsStore()
    await s.load()
    await expect(s.rename(1, '   ')).rejects.toThrow('Give the connection a name.')
    await s.rename(1, '  Main shop ')
    expect(api.rename).toHaveBeenCalledWith(1, 'Main shop')
    expect(s.find(1)?.name).toBe('Main shop')
  })

  it('adds a created connection and drops a deleted one', async () => {
    api.list.mockResolvedValue([connection()])
    api.create.mockResolvedValue(connection({ id: 2, name: 'Shopify', demo: false }))
    api.remove.mockResolvedValue(undefined)
    const s = useConnectionsStore()
    await s.load()
    await s.create({
      name: 'Shopify',
      warehouseKind: 'demo',
      warehouseSettings: {},
      warehouseSecrets: {},
      storeKind: 'shopify',
      storeSettings: {},
      storeSecrets: {},
    })
    expect(s.list.map((c) => c.id)).toEqual([1, 2])
    await s.remove(1)
    expect(s.list.map((c) => c.id)).toEqual([2])
  })

  it('reloads the connection after a mapping import', async () => {
    api.list.mockResolvedValue([connection()])
    api.importMapping.mockResolvedValue(2)
    api.get.mockResolvedValue(connection({ rules: { buffer: 0, cap: 0, zeroBelow: 0, ignoredSkus: [], mapping: { A: 'a', B: 'b' }, missingSkus: 'leave', drift: 'repair' } }))
    const s = useConnectionsStore()
    await s.load()
    expect(await s.importMapping(1, 'A,a\nB,b\n')).toBe(2)
    expect(s.find(1)?.rules.mapping).toEqual({ A: 'a', B: 'b' })
  })

  it('follows runs and schedule changes from events', async () => {
    api.list.mockResolvedValue([connection()])
    const s = useConnectionsStore()
    await s.load()
    s.applyRunStarted({ connectionId: 1, runId: 5, trigger: 'scheduled', modeRequested: 'smart' })
    expect(s.find(1)?.running).toBe(true)
    s.applyRunFinished(run({ runId: 5, items: [{ sku: 'A', from: 1, to: 2, status: 'ok' }] }))
    expect(s.find(1)?.running).toBe(false)
    expect(s.find(1)?.lastRun?.runId).toBe(5)
    expect(s.find(1)?.lastRun?.items).toBeUndefined()
    s.applyScheduleChanged({ connectionId: 1, nextRunAt: '2026-11-26T16:00:00Z', paused: true })
    expect(s.find(1)?.schedule.nextRunAt).toBe('2026-11-26T16:00:00Z')
  })

  it("takes a connection's health from Go after a run finishes or automatic sync is paused", async () => {
    api.list.mockResolvedValue([connection()])
    const s = useConnectionsStore()
    await s.load()
    const healthy = { key: 'healthy' as const, label: 'Healthy', sentence: 'The last sync worked.' }
    api.get.mockResolvedValueOnce(connection({ lastRun: run(), health: healthy }))
    s.applyRunFinished(run())
    await flushPromises()
    expect(api.get).toHaveBeenCalledWith(1)
    expect(s.find(1)?.health).toEqual(healthy)
    const paused = { key: 'paused' as const, label: 'Paused', sentence: 'Automatic sync is paused.' }
    api.get.mockResolvedValueOnce(connection({ lastRun: run(), health: paused }))
    s.applyScheduleChanged({ connectionId: 1, nextRunAt: null, paused: true })
    await flushPromises()
    expect(s.find(1)?.health).toEqual(paused)
    // Go unreachable: the card keeps what it showed.
    api.get.mockRejectedValueOnce(new Error('gone'))
    s.applyScheduleChanged({ connectionId: 1, nextRunAt: null, paused: false })
    await flushPromises()
    expect(s.find(1)?.health).toEqual(paused)
  })
})
