// An in-memory stand-in for the Go side, installed on window.go and
// window.runtime by `vite --mode mock`, so the window can be looked at (and
// screenshotted) in a plain browser. It imitates the contract, not the engine.
import type {
  Connection,
  InventoryItem,
  InventoryQuery,
  NewConnection,
  Progress,
  Rules,
  Run,
  RunStatus,
  ScheduleInput,
  Mode,
} from '@/bridge/types'
import { syncPhaseValues } from '@/bridge/types'
import { demoConnection, kinds, makeItems, makeRuns, mockHealth, runItems } from './data'

type Handler = (...data: unknown[]) => void

// URL parameters (all optional): ?items=N sets the Demo's SKU count;
// ?paused=1 starts with automatic sync paused; ?notices=1 has PreferencesService.Notices
// return the two startup sentences Go can say (database replaced, no keyring); ?notify=off has "Go" say
// notify:unavailable soon after the window opens; ?click=a,b clicks the
// elements with those data-testids in turn once the page has painted (to
// screenshot a drawer or dialog with a headless browser, which cannot click).
export function installMockBackend(itemCount = Number(new URLSearchParams(location.search).get('items') ?? 100_000)) {
  const params = new URLSearchParams(location.search)
  const now = Date.now()
  const listeners = new Map<string, Set<Handler>>()
  const emit = (name: string, payload?: unknown) => listeners.get(name)?.forEach((h) => h(payload))

  const connections: Connection[] = [demoConnection(now)]
  const items = new Map<number, InventoryItem[]>([[1, makeItems(itemCount, now)]])
  const runs = new Map<number, Run[]>([[1, makeRuns(1, 'Demo', 24, now)]])
  connections[0]!.lastRun = runs.get(1)![0]!
  connections[0]!.health = connections[0]!.lastRun.health
  const timers = new Map<number, ReturnType<typeof setInterval>>()
  let nextRunId = 5000
  const prefs = { paused: params.get('paused') === '1', notifyPolicy: 'changes', startAtLogin: false }
  const emitScheduleChanged = () =>
    connections.forEach((c) => emit('schedule:changed', { connectionId: c.id, nextRunAt: prefs.paused ? null : c.schedule.nextRunAt, paused: prefs.paused }))
  if (params.get('notify') === 'off') {
    setTimeout(() => emit('notify:unavailable', 'ShelfSync cannot show desktop notifications here (no notification service is running); sync results stay in the window and the tray menu.'), 800)
  }
  const clicks = (params.get('click') ?? '').split(',').filter(Boolean)
  clicks.forEach((id, i) =>
    setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.click(), 600 * (i + 1)),
  )

  const find = (id: number) => {
    const c = connections.find((x) => x.id === id)
    if (!c) throw new Error('that connection no longer exists; go back to Connections')
    return c
  }
  const ok = <T>(v: T) => Promise.resolve(structuredClone(v))
  const guard = <A extends unknown[], T>(fn: (...a: A) => T) => (...a: A) => {
    try {
      return ok(fn(...a))
    } catch (e) {
      return Promise.reject((e as Error).message)
    }
  }

  function page(q: InventoryQuery) {
    let rows = items.get(q.connectionId) ?? []
    const s = q.search.toLowerCase()
    if (s) rows = rows.filter((r) => r.sku.toLowerCase().includes(s) || r.name.toLowerCase().includes(s))
    const stateCounts: Record<string, number> = {}
    for (const r of rows) stateCounts[r.state] = (stateCounts[r.state] ?? 0) + 1
    if (q.state) rows = rows.filter((r) => r.state === q.state)
    if (q.sortBy !== 'sku' || q.desc) {
      const k = q.sortBy
      rows = [...rows].sort((a, b) => {
        const av = a[k] ?? ''
        const bv = b[k] ?? ''
        const c = av < bv ? -1 : av > bv ? 1 : a.sku < b.sku ? -1 : 1
        return q.desc ? -c : c
      })
    }
    const start = q.after ? Number(q.after) : 0
    const slice = rows.slice(start, start + q.limit)
    const end = start + slice.length
    return { items: slice, next: end < rows.length ? String(end) : '', total: rows.length, stateCounts }
  }

  function start(id: number, mode: Mode) {
    const c = find(id)
    if (timers.has(id)) throw new Error(`${c.name} is already updating; wait for it to finish or cancel it`)
    const runId = ++nextRunId
    const total = mode === 'full' ? (items.get(id)?.length ?? 0) : 37
    const phases = syncPhaseValues
    let tick = 0
    c.running = true
    setTimeout(() => emit('sync:started', { connectionId: id, runId, trigger: 'manual', modeRequested: mode }), 0)
    timers.set(
      id,
      setInterval(() => {
        tick++
        const phase = phases[Math.min(phases.length - 1, Math.floor(tick / 6))]!
        const done = phase === 'pushing' ? Math.min(total, Math.round(((tick - 18) / 6) * total)) : phase === 'recording' ? total : 0
        const p: Progress = { connectionId: id, runId, phase, done, total: phase === 'pushing' || phase === 'recording' ? total : 0 }
        emit('sync:progress', p)
        if (tick >= 30) finish(id, runId, mode, total, 'succeeded')
      }, 100),
    )
    return runId
  }

  function finish(id: number, runId: number, mode: Mode, pushed: number, status: RunStatus) {
    clearInterval(timers.get(id))
    timers.delete(id)
    const c = find(id)
    const run: Run = {
      runId,
      connectionId: id,
      connection: c.name,
      status,
      trigger: 'manual',
      modeRequested: mode,
      modeRun: mode,
      reason: '',
      startedAt: new Date(Date.now() - 3000).toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: 3000,
      counts: { read: items.get(id)?.length ?? 0, changed: pushed, pushed: status === 'succeeded' ? pushed : 0, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
      located: false,
      apiCalls: Math.ceil(pushed / 100) + 2,
      warnings: 0,
      health: mockHealth(status, 0),
    }
    runs.set(id, [run, ...(runs.get(id) ?? [])])
    c.running = false
    c.lastRun = run
    c.health = run.health
    emit('sync:finished', run)
  }

  window.runtime = {
    EventsOnMultiple(name, cb) {
      if (!listeners.has(name)) listeners.set(name, new Set())
      listeners.get(name)!.add(cb)
      return () => listeners.get(name)?.delete(cb)
    },
    EventsOff(name) {
      listeners.delete(name)
    },
    WindowShow() {},
  }

  window.go = {
    desktop: {
      WindowService: {
        NotifyPolicy: guard(() => prefs.notifyPolicy),
        SetNotifyPolicy: guard((p) => {
          if (!['always', 'changes', 'failures', 'never'].includes(p as string)) throw new Error(`notifications must be always, changes, failures or never, not "${p}"`)
          prefs.notifyPolicy = p as string
        }),
        Quit: guard(() => window.close()),
        ChooseFile: guard(() => '/home/merchant/inventory.csv'),
        SaveRunCSV: guard((runId) => `/home/merchant/shelfsync-run-${runId}.csv`),
        StartAtLogin: guard(() => prefs.startAtLogin),
        SetStartAtLogin: guard((on) => {
          prefs.startAtLogin = on as boolean
        }),
      },
    },
    services: {
      DiagnosticsService: {
        Version: guard(() => '0.1.0-mock'),
        DataDir: guard(() => '/home/merchant/.config/ShelfSync'),
      },
      PreferencesService: {
        Paused: guard(() => prefs.paused),
        SetPaused: guard((p) => {
          prefs.paused = p as boolean
          emitScheduleChanged()
        }),
        Notices: guard(() =>
          params.get('notices') === '1'
            ? [
                'The database in /home/merchant/.config/ShelfSync was damaged, so ShelfSync set it aside as shelfsync.db.damaged-20261126 and started a new one; add your connections again, and keep the old file if you want help recovering it.',
                'This computer has no keyring, so ShelfSync keeps your passwords and tokens in /home/merchant/.config/ShelfSync/secrets.json, readable only by you; install a keyring (GNOME Keyring or KWallet) to keep them there instead.',
              ]
            : [],
        ),
      },
      ConnectionService: {
        Kinds: guard(() => kinds),
        List: guard(() => connections),
        Get: guard((id) => find(id as number)),
        Test: guard((req) => {
          const r = req as NewConnection
          const store =
            r.storeKind === 'shopify' && !r.storeSecrets['token']?.startsWith('shpat_')
              ? { ok: false, summary: '', sample: [], count: 0, error: 'Shopify refused the token (401). Paste the Admin API access token that starts with shpat_.' }
              : { ok: true, summary: 'Found 1,204 products at 1 location.', sample: ['SKU-000001', 'SKU-000002', 'SKU-000003'], count: 1204 }
          return { warehouse: { ok: true, summary: 'Read 1,250 items.', sample: ['SKU-000001', 'SKU-000002'], count: 1250 }, store }
        }),
        Create: guard((req) => {
          const r = req as NewConnection
          const id = Math.max(0, ...connections.map((c) => c.id)) + 1
          const c: Connection = {
            ...demoConnection(Date.now()),
            id,
            name: r.name,
            demo: false,
            warehouse: { kind: r.warehouseKind, label: kinds.find((k) => k.kind === r.warehouseKind)!.label, settings: r.warehouseSettings, secretsSet: Object.keys(r.warehouseSecrets) },
            store: { kind: r.storeKind, label: kinds.find((k) => k.kind === r.storeKind && k.side === 'store')!.label, settings: r.storeSettings, secretsSet: Object.keys(r.storeSecrets) },
            rules: { buffer: 0, cap: 0, zeroBelow: 0, ignoredSkus: [], mapping: {}, missingSkus: 'leave', drift: 'repair' },
          }
          connections.push(c)
          items.set(id, makeItems(1250, Date.now()))
          runs.set(id, [])
          return c
        }),
        Rename: guard((id, name) => Object.assign(find(id as number), { name })),
        Delete: guard((id) => {
          connections.splice(connections.indexOf(find(id as number)), 1)
        }),
        SetSchedule: guard((id, input) => {
          const s = input as ScheduleInput
          const c = find(id as number)
          c.schedule = { ...s, nextRunAt: s.enabled ? new Date(Date.now() + s.intervalMinutes * 60_000).toISOString() : null }
          return c.schedule
        }),
        SetRules: guard((id, rules) => Object.assign(find(id as number), { rules })),
        PreviewRules: guard((id, rules) => {
          const r = rules as Rules
          return (items.get(id as number) ?? []).slice(0, 6).map((it) => {
            const wh = it.warehouseQty ?? 0
            let p = Math.max(0, wh - r.buffer)
            if (r.cap > 0) p = Math.min(p, r.cap)
            if (p < r.zeroBelow) p = 0
            return { sku: it.sku, name: it.name, warehouseQty: wh, publishedNow: it.publishedQty ?? 0, publishedNew: p, ignored: (r.ignoredSkus ?? []).includes(it.sku) }
          })
        }),
        ImportMapping: guard((id, csv) => {
          const c = find(id as number)
          const rows = (csv as string).split(/\r?\n/).map((l) => l.split(',')).filter((p) => p.length >= 2 && p[0]!.trim() && !/sku/i.test(p[0]!))
          c.rules = { ...c.rules, mapping: { ...(c.rules.mapping ?? {}), ...Object.fromEntries(rows.map((p) => [p[0]!.trim(), p[1]!.trim()])) } }
          return rows.length
        }),
        SetRetention: guard((id, days) => Object.assign(find(id as number), { retentionDays: days })),
        SetRunDeadline: guard((id, minutes) => Object.assign(find(id as number), { runDeadlineMinutes: (minutes as number) || 240 })),
      },
      SyncService: {
        Start: guard((id, mode) => start(id as number, mode as Mode)),
        StartConfirmed: guard((id, mode) => start(id as number, mode as Mode)),
        Cancel: guard((id) => {
          const c = find(id as number)
          if (c.running) finish(id as number, nextRunId, 'smart', 0, 'cancelled')
        }),
        Preview: guard((id, mode) => {
          const all = (items.get(id as number) ?? []).slice(0, 400)
          const changes = all.filter((_, i) => mode === 'full' || i % 9 === 0).map((it) => ({
            sku: it.sku, name: it.name, from: it.storeQty, to: it.warehouseQty ?? 0, delta: (it.warehouseQty ?? 0) - (it.storeQty ?? 0), why: mode === 'full' ? 'Full Sync sets every SKU' : 'Warehouse changed since last sync',
          }))
          return {
            modeRequested: mode, modeRun: mode, reason: '',
            counts: { read: items.get(id as number)?.length ?? 0, changed: changes.length, pushed: changes.length, failed: 0, skipped: 2, unmapped: 12, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
            biggestDrops: [...changes].sort((a, b) => a.delta - b.delta).slice(0, 10),
            toZero: changes.filter((c) => c.to === 0).slice(0, 10),
            toZeroCount: changes.filter((c) => c.to === 0).length,
            items: changes,
          }
        }),
        Running: guard(() => []),
        StuckRuns: guard(() => []),
        ClearStuck: guard(() => []),
      },
      InventoryService: { Page: guard((q) => page(q as InventoryQuery)) },
      HistoryService: {
        List: guard((q) => {
          const { connectionId, status, limit, beforeId } = q as { connectionId: number; status: string; limit: number; beforeId: number }
          return (runs.get(connectionId) ?? []).filter((r) => (!status || r.status === status) && (!beforeId || r.runId < beforeId)).slice(0, limit)
        }),
        Get: guard((runId) => {
          for (const list of runs.values()) {
            const r = list.find((x) => x.runId === runId)
            if (r) return { ...r, items: runItems(r) }
          }
          throw new Error('that run is no longer in the history')
        }),
        ExportCSV: guard(() => 'sku,from,to,status,error\nSKU-000001,3,5,ok,\n'),
        Chart: guard((id) => (runs.get(id as number) ?? []).map((r) => ({ runId: r.runId, startedAt: r.startedAt, pushed: r.counts.pushed, changed: r.counts.changed, failed: r.counts.failed, status: r.status }))),
      },
    },
  } as unknown as NonNullable<Window['go']>
}
