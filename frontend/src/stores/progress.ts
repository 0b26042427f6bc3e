import { defineStore } from 'pinia'
import { ref } from 'vue'
import { syncApi } from '@/bridge/sync'
import type { Progress, Run, RunStarted, Mode } from '@/bridge/types'

/** A run in flight, as the progress bar draws it. */
export interface LiveRun {
  connectionId: number
  runId: number
  phase: string
  done: number
  total: number
  modeRequested: string
  trigger: string
  cancelling: boolean
}

/**
 * Runs in flight per connection, fed only by Go's sync:* events (and a
 * snapshot when the window opens): the window never polls for progress.
 */
export const useProgressStore = defineStore('progress', () => {
  const runs = ref<Record<number, LiveRun>>({})
  // A fast run can finish before Start's promise resolves; remember finished
  // run ids so a late resolve does not resurrect a bar that never ends.
  const finishedRunIds = new Set<number>()

  function forConnection(connectionId: number): LiveRun | undefined {
    return runs.value[connectionId]
  }

  function put(run: LiveRun) {
    runs.value = { ...runs.value, [run.connectionId]: run }
  }

  function blank(connectionId: number, runId: number): LiveRun {
    return { connectionId, runId, phase: '', done: 0, total: 0, modeRequested: '', trigger: '', cancelling: false }
  }

  function started(ev: RunStarted): void {
    if (finishedRunIds.has(ev.runId)) return
    const cur = runs.value[ev.connectionId]
    const base = cur && cur.runId === ev.runId ? cur : blank(ev.connectionId, ev.runId)
    put({ ...base, trigger: ev.trigger, modeRequested: ev.modeRequested })
  }

  function update(p: Progress): void {
    if (finishedRunIds.has(p.runId)) return
    const cur = runs.value[p.connectionId]
    const base = cur && cur.runId === p.runId ? cur : blank(p.connectionId, p.runId)
    put({ ...base, phase: p.phase, done: p.done, total: p.total })
  }

  function finished(run: Run): void {
    finishedRunIds.add(run.runId)
    const cur = runs.value[run.connectionId]
    if (cur && cur.runId === run.runId) {
      const next = { ...runs.value }
      delete next[run.connectionId]
      runs.value = next
    }
  }

  /**
   * Starts a run; the bar appears at once, before Go's first event.
   * `confirmed` pushes a run the safety check held, after the user said yes.
   */
  async function start(connectionId: number, mode: Mode, confirmed = false): Promise<number> {
    const runId = await (confirmed ? syncApi.startConfirmed(connectionId, mode) : syncApi.start(connectionId, mode))
    if (!finishedRunIds.has(runId) && runs.value[connectionId]?.runId !== runId) {
      put({ ...blank(connectionId, runId), modeRequested: mode, trigger: 'manual' })
    }
    return runId
  }

  async function cancel(connectionId: number): Promise<void> {
    const cur = runs.value[connectionId]
    if (cur) put({ ...cur, cancelling: true })
    try {
      await syncApi.cancel(connectionId)
    } catch (e) {
      const now = runs.value[connectionId]
      if (now) put({ ...now, cancelling: false })
      throw e
    }
  }

  /** Picks up runs that were already going when the window opened. */
  async function loadRunning(): Promise<void> {
    for (const p of (await syncApi.running()) ?? []) update(p)
  }

  return { runs, forConnection, started, update, finished, start, cancel, loadRunning }
})
