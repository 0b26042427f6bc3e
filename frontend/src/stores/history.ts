import { defineStore } from 'pinia'
import { ref } from 'vue'
import { historyApi } from '@/bridge/history'
import type { ChartPoint, Run, RunStatus } from '@/bridge/types'
import { errorText } from '@/lib/errors'

export const historyPageSize = 50
export const chartDays = 30

/** One connection's run history, its chart, and the run open in the drawer. */
export const useHistoryStore = defineStore('history', () => {
  const connectionId = ref(0)
  const status = ref<RunStatus | ''>('')
  const runs = ref<Run[]>([])
  const hasMore = ref(false)
  const loading = ref(false)
  const error = ref('')
  const chart = ref<ChartPoint[]>([])
  const detail = ref<Run | null>(null)
  const detailLoading = ref(false)
  let generation = 0

  async function fetch(beforeId: number): Promise<Run[]> {
    return (
      (await historyApi.list({
        connectionId: connectionId.value,
        status: status.value || undefined,
        limit: historyPageSize,
        beforeId,
      })) ?? []
    )
  }

  async function reload(): Promise<void> {
    const gen = ++generation
    loading.value = true
    try {
      const page = await fetch(0)
      if (gen !== generation) return
      runs.value = page
      hasMore.value = page.length === historyPageSize
      error.value = ''
    } catch (e) {
      if (gen === generation) error.value = errorText(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    const last = runs.value[runs.value.length - 1]
    if (!hasMore.value || loading.value || !last) return
    const gen = generation
    loading.value = true
    try {
      const page = await fetch(last.runId)
      if (gen !== generation) return
      runs.value = runs.value.concat(page)
      hasMore.value = page.length === historyPageSize
    } catch (e) {
      if (gen === generation) error.value = errorText(e)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function loadChart(): Promise<void> {
    try {
      chart.value = (await historyApi.chart(connectionId.value, chartDays)) ?? []
    } catch (e) {
      error.value = errorText(e)
    }
  }

  async function open(id: number): Promise<void> {
    if (id !== connectionId.value) {
      connectionId.value = id
      status.value = ''
      runs.value = []
      chart.value = []
      detail.value = null
    }
    await Promise.all([reload(), loadChart()])
  }

  function setStatus(s: RunStatus | ''): Promise<void> {
    if (s === status.value) return Promise.resolve()
    status.value = s
    return reload()
  }

  async function openRun(runId: number): Promise<void> {
    detailLoading.value = true
    try {
      detail.value = await historyApi.get(runId)
    } finally {
      detailLoading.value = false
    }
  }

  /** Opens any run's details, switching to its connection's history first. */
  async function showRun(runId: number): Promise<Run> {
    const run = await historyApi.get(runId)
    if (run.connectionId !== connectionId.value) await open(run.connectionId)
    detail.value = run
    return run
  }

  function closeRun(): void {
    detail.value = null
  }

  function exportCSV(runId: number): Promise<string> {
    return historyApi.exportCSV(runId)
  }

  /** A run that just finished appears at the top without a refresh. */
  function applyRunFinished(run: Run): void {
    if (run.connectionId !== connectionId.value) return
    const summary: Run = { ...run, items: undefined }
    const i = runs.value.findIndex((r) => r.runId === run.runId)
    if (i !== -1) runs.value.splice(i, 1)
    if (status.value === '' || status.value === run.status) {
      runs.value = [summary, ...runs.value].sort((a, b) => b.runId - a.runId)
    }
    if (!chart.value.some((p) => p.runId === run.runId)) {
      chart.value = chart.value.concat({
        runId: run.runId,
        startedAt: run.startedAt,
        pushed: run.counts.pushed,
        changed: run.counts.changed,
        failed: run.counts.failed,
        status: run.status,
      })
    }
  }

  return {
    connectionId,
    status,
    runs,
    hasMore,
    loading,
    error,
    chart,
    detail,
    detailLoading,
    open,
    reload,
    loadMore,
    loadChart,
    setStatus,
    openRun,
    showRun,
    closeRun,
    exportCSV,
    applyRunFinished,
  }
})
