import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/bridge/history', () => ({
  historyApi: { list: vi.fn(), get: vi.fn(), exportCSV: vi.fn(), chart: vi.fn() },
}))
import { historyApi } from '@/bridge/history'
import { historyPageSize, useHistoryStore } from '@/stores/history'
import { run } from './fixtures'

const api = vi.mocked(historyApi)

const runs = (ids: number[], over = {}) => ids.map((runId) => run({ runId, ...over }))

describe('history store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.chart.mockResolvedValue([])
  })

  it('opens on the newest runs and the 30-day chart', async () => {
    api.list.mockResolvedValue(runs([3, 2, 1]))
    api.chart.mockResolvedValue([{ runId: 1, startedAt: '2026-11-26T14:00:00Z', pushed: 2, changed: 2, failed: 0, status: 'succeeded' }])
    const h = useHistoryStore()
    await h.open(1)
    expect(api.list).toHaveBeenCalledWith({ connectionId: 1, status: undefined, limit: historyPageSize, beforeId: 0 })
    expect(api.chart).toHaveBeenCalledWith(1, 30)
    expect(h.runs.map((r) => r.runId)).toEqual([3, 2, 1])
    expect(h.hasMore).toBe(false)
    expect(h.chart).toHaveLength(1)
  })

  it('loads older runs with the last run id as the keyset', async () => {
    const full = Array.from({ length: historyPageSize }, (_, i) => 200 - i)
    api.list.mockResolvedValueOnce(runs(full)).mockResolvedValueOnce(runs([150, 149]))
    const h = useHistoryStore()
    await h.open(1)
    expect(h.hasMore).toBe(true)
    await h.loadMore()
    expect(api.list.mock.calls[1]![0].beforeId).toBe(151)
    expect(h.runs).toHaveLength(historyPageSize + 2)
    expect(h.hasMore).toBe(false)
  })

  it('shows a finished run at the top without a refresh, once', async () => {
    api.list.mockResolvedValue(runs([2, 1]))
    const h = useHistoryStore()
    await h.open(1)
    const finished = run({ runId: 3, counts: { read: 9, changed: 4, pushed: 3, failed: 1, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 } })
    h.applyRunFinished(finished)
    h.applyRunFinished(finished)
    expect(h.runs.map((r) => r.runId)).toEqual([3, 2, 1])
    expect(h.chart).toEqual([{ runId: 3, startedAt: finished.startedAt, pushed: 3, changed: 4, failed: 1, status: 'succeeded' }])
    h.applyRunFinished(run({ runId: 9, connectionId: 2 }))
    expect(h.runs).toHaveLength(3)
  })

  it('leaves a finished run out when it does not match the status filter', async () => {
    api.list.mockResolvedValue([])
    const h = useHistoryStore()
    await h.open(1)
    await h.setStatus('failed')
    expect(api.list.mock.calls[1]![0].status).toBe('failed')
    h.applyRunFinished(run({ runId: 4, status: 'succeeded' }))
    expect(h.runs).toEqual([])
    h.applyRunFinished(run({ runId: 5, status: 'failed' }))
    expect(h.runs.map((r) => r.runId)).toEqual([5])
  })

  it('opens a run with its SKUs and closes it', async () => {
    api.list.mockResolvedValue([])
    api.get.mockResolvedValue(run({ runId: 7, items: [{ sku: 'A', from: null, to: 3, status: 'ok' }] }))
    const h = useHistoryStore()
    await h.open(1)
    await h.openRun(7)
    expect(h.detail?.items?.[0]?.sku).toBe('A')
    h.closeRun()
    expect(h.detail).toBeNull()
  })

  it('says why the history could not load', async () => {
    api.list.mockRejectedValue(new Error('history is being trimmed; open it again in a moment'))
    const h = useHistoryStore()
    await h.open(1)
    expect(h.error).toBe('History is being trimmed; open it again in a moment')
    expect(h.loading).toBe(false)
  })
})
