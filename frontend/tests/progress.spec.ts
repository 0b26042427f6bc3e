import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Run } from '@/bridge/types'

vi.mock('@/bridge/sync', () => ({
  syncApi: { start: vi.fn(), startConfirmed: vi.fn(), cancel: vi.fn(), preview: vi.fn(), running: vi.fn() },
}))
import { syncApi } from '@/bridge/sync'
import { useProgressStore } from '@/stores/progress'

const api = vi.mocked(syncApi)

function finishedRun(connectionId: number, runId: number): Run {
  return {
    health: { key: 'healthy', label: 'Healthy', sentence: 'The last sync worked.' },
    runId,
    connectionId,
    connection: 'Demo',
    status: 'succeeded',
    trigger: 'manual',
    modeRequested: 'smart',
    modeRun: 'smart',
    reason: '',
    startedAt: '2026-11-26T14:00:00Z',
    finishedAt: '2026-11-26T14:00:03Z',
    durationMs: 3000,
    counts: { read: 10, changed: 1, pushed: 1, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
    located: false,
    apiCalls: 2,
    warnings: 0,
  }
}

describe('progress store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('follows a run from started through progress to finished', () => {
    const p = useProgressStore()
    p.started({ connectionId: 1, runId: 7, trigger: 'scheduled', modeRequested: 'smart' })
    p.update({ connectionId: 1, runId: 7, phase: 'pushing', done: 40, total: 100 })
    expect(p.forConnection(1)).toMatchObject({ runId: 7, phase: 'pushing', done: 40, total: 100, trigger: 'scheduled' })
    p.finished(finishedRun(1, 7))
    expect(p.forConnection(1)).toBeUndefined()
  })

  it('shows a bar as soon as Start resolves, before any event', async () => {
    api.start.mockResolvedValue(9)
    const p = useProgressStore()
    await p.start(2, 'full')
    expect(api.start).toHaveBeenCalledWith(2, 'full')
    expect(p.forConnection(2)).toMatchObject({ runId: 9, modeRequested: 'full', phase: '' })
  })

  it('pushes a held run only through the confirmed start', async () => {
    api.startConfirmed.mockResolvedValue(12)
    const p = useProgressStore()
    await p.start(2, 'smart', true)
    expect(api.startConfirmed).toHaveBeenCalledWith(2, 'smart')
    expect(api.start).not.toHaveBeenCalled()
    expect(p.forConnection(2)?.runId).toBe(12)
  })

  it('does not bring back a run that finished before Start resolved', async () => {
    let resolve!: (id: number) => void
    api.start.mockReturnValue(new Promise((r) => (resolve = r)))
    const p = useProgressStore()
    const starting = p.start(3, 'smart')
    p.started({ connectionId: 3, runId: 11, trigger: 'manual', modeRequested: 'smart' })
    p.finished(finishedRun(3, 11))
    resolve(11)
    await starting
    expect(p.forConnection(3)).toBeUndefined()
    p.update({ connectionId: 3, runId: 11, phase: 'recording', done: 1, total: 1 })
    p.started({ connectionId: 3, runId: 11, trigger: 'manual', modeRequested: 'smart' })
    expect(p.forConnection(3)).toBeUndefined()
  })

  it('ignores a finished event of another run on the same connection', () => {
    const p = useProgressStore()
    p.update({ connectionId: 1, runId: 8, phase: 'reading_store', done: 0, total: 0 })
    p.finished(finishedRun(1, 5))
    expect(p.forConnection(1)?.runId).toBe(8)
  })

  it('marks a run cancelling, and clears the mark when Cancel fails', async () => {
    const p = useProgressStore()
    p.update({ connectionId: 1, runId: 8, phase: 'pushing', done: 1, total: 10 })
    api.cancel.mockResolvedValueOnce(undefined)
    await p.cancel(1)
    expect(api.cancel).toHaveBeenCalledWith(1)
    expect(p.forConnection(1)?.cancelling).toBe(true)

    p.update({ connectionId: 2, runId: 9, phase: 'pushing', done: 1, total: 10 })
    api.cancel.mockRejectedValueOnce('the run already finished')
    await expect(p.cancel(2)).rejects.toBe('the run already finished')
    expect(p.forConnection(2)?.cancelling).toBe(false)
  })

  it('picks up runs already going when the window opens', async () => {
    api.running.mockResolvedValue([{ connectionId: 4, runId: 20, phase: 'reading_warehouse', done: 0, total: 0 }])
    const p = useProgressStore()
    await p.loadRunning()
    expect(p.forConnection(4)?.phase).toBe('reading_warehouse')
  })
})
