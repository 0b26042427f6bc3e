import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { connectionsApi } from '@/bridge/connections'
import type {
  Connection,
  Kind,
  NewConnection,
  Rules,
  Run,
  RunStarted,
  ScheduleChanged,
  ScheduleInput,
} from '@/bridge/types'
import { errorText } from '@/lib/errors'

/** The connections list, kept current by the actions below and by Go's events. */
export const useConnectionsStore = defineStore('connections', () => {
  const list = ref<Connection[]>([])
  const kinds = ref<Kind[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref('')

  const warehouseKinds = computed(() => kinds.value.filter((k) => k.side === 'warehouse'))
  const storeKinds = computed(() => kinds.value.filter((k) => k.side === 'store'))

  function find(id: number): Connection | undefined {
    return list.value.find((c) => c.id === id)
  }

  function upsert(c: Connection): Connection {
    const i = list.value.findIndex((x) => x.id === c.id)
    if (i === -1) list.value.push(c)
    else list.value.splice(i, 1, c)
    return c
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      list.value = (await connectionsApi.list()) ?? []
      error.value = ''
      loaded.value = true
    } catch (e) {
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }

  async function loadKinds(): Promise<Kind[]> {
    if (kinds.value.length === 0) kinds.value = (await connectionsApi.kinds()) ?? []
    return kinds.value
  }

  async function refresh(id: number): Promise<Connection> {
    return upsert(await connectionsApi.get(id))
  }

  async function create(req: NewConnection): Promise<Connection> {
    return upsert(await connectionsApi.create(req))
  }

  async function update(id: number, req: NewConnection): Promise<Connection> {
    return upsert(await connectionsApi.update(id, req))
  }

  async function rename(id: number, name: string): Promise<Connection> {
    const trimmed = name.trim()
    if (!trimmed) throw new Error('Give the connection a name.')
    return upsert(await connectionsApi.rename(id, trimmed))
  }

  async function remove(id: number): Promise<void> {
    await connectionsApi.remove(id)
    list.value = list.value.filter((c) => c.id !== id)
  }

  async function setSchedule(id: number, input: ScheduleInput): Promise<void> {
    if (!Number.isInteger(input.intervalMinutes) || input.intervalMinutes < 5) {
      throw new Error('Choose an interval of at least 5 minutes.')
    }
    const schedule = await connectionsApi.setSchedule(id, input)
    const c = find(id)
    if (c) c.schedule = schedule
  }

  async function setRules(id: number, rules: Rules): Promise<Connection> {
    return upsert(await connectionsApi.setRules(id, rules))
  }

  async function setRetention(id: number, days: number): Promise<Connection> {
    if (!Number.isInteger(days) || days < 1) throw new Error('Keep history for at least 1 day.')
    return upsert(await connectionsApi.setRetention(id, days))
  }

  /** Sets how long one run may take, in hours (Go keeps minutes, at most 7 days). */
  async function setRunDeadline(id: number, hours: number): Promise<Connection> {
    const minutes = Math.round(hours * 60)
    if (!Number.isFinite(hours) || minutes < 1 || minutes > 7 * 24 * 60) {
      throw new Error("A sync's deadline is from 1 minute to 168 hours (7 days).")
    }
    return upsert(await connectionsApi.setRunDeadline(id, minutes))
  }

  /** Imports a SKU mapping CSV and reloads the connection; resolves to the rows imported. */
  async function importMapping(id: number, csvText: string): Promise<number> {
    const n = await connectionsApi.importMapping(id, csvText)
    await refresh(id)
    return n
  }

  function applyRunStarted(ev: RunStarted): void {
    const c = find(ev.connectionId)
    if (c) c.running = true
  }

  function applyRunFinished(run: Run): void {
    const c = find(run.connectionId)
    if (!c) return
    c.running = false
    // The list keeps the summary only; a run's SKUs load with its detail.
    c.lastRun = { ...run, items: undefined }
    void refreshHealth(c.id)
  }

  /** The pause in the payload is app-wide; the prefs store keeps it. */
  function applyScheduleChanged(ev: ScheduleChanged): void {
    const c = find(ev.connectionId)
    if (!c) return
    c.schedule = { ...c.schedule, nextRunAt: ev.nextRunAt }
    // Paused or resumed: the connection's health may say so.
    void refreshHealth(c.id)
  }

  /**
   * Takes the connection's health from Go after a run or a pause changed
   * it: Go decides it (types.ConnectionHealth), the window does not. On a
   * failure the card keeps what it showed until the list next loads.
   */
  async function refreshHealth(id: number): Promise<void> {
    try {
      const fresh = await connectionsApi.get(id)
      const c = find(id)
      if (c) c.health = fresh.health
    } catch {
      // Kept as shown; the next load brings Go's word.
    }
  }

  return {
    list,
    kinds,
    loaded,
    loading,
    error,
    warehouseKinds,
    storeKinds,
    find,
    load,
    loadKinds,
    refresh,
    create,
    rename,
    update,
    remove,
    setSchedule,
    setRules,
    setRetention,
    setRunDeadline,
    importMapping,
    applyRunStarted,
    applyRunFinished,
    applyScheduleChanged,
  }
})
