// The facades reach Go by method name through window.go, so nothing but
// this test notices when a bound Go method is renamed or takes another
// number of arguments. It calls every facade function against a recording
// window.go and checks each call against bridge/bound.ts, which Go
// generates from the bound objects themselves (bound_test.go).
import { afterEach, describe, expect, it } from 'vitest'
import { appApi } from '@/bridge/app'
import { boundMethods } from '@/bridge/bound'
import { bundlesApi } from '@/bridge/bundles'
import { connectionsApi } from '@/bridge/connections'
import { diagnosticsApi } from '@/bridge/diagnostics'
import { preferencesApi } from '@/bridge/preferences'
import { historyApi } from '@/bridge/history'
import { inventoryApi } from '@/bridge/inventory'
import { syncApi } from '@/bridge/sync'

/** The bound methods of a Go struct and how many arguments each takes. */
function goMethods(pkg: string, struct: string): Map<string, number> {
  return new Map(Object.entries(boundMethods[pkg]?.[struct] ?? {}))
}

interface Call {
  pkg: string
  struct: string
  method: string
  args: number
}

function recordCalls(): Call[] {
  const calls: Call[] = []
  const method = (pkg: string, struct: string) =>
    new Proxy({}, { get: (_, name: string) => (...args: unknown[]) => (calls.push({ pkg, struct, method: name, args: args.length }), Promise.resolve(null)) })
  const structs = (pkg: string) => new Proxy({}, { get: (_, struct: string) => method(pkg, struct) })
  window.go = new Proxy({}, { get: (_, pkg: string) => structs(pkg) }) as NonNullable<Window['go']>
  return calls
}

/** Calls every function of a facade with as many dummy arguments as it declares. */
async function callAll(api: Record<string, (...a: never[]) => unknown>) {
  for (const fn of Object.values(api)) await (fn as (...a: unknown[]) => unknown)(...Array(fn.length).fill(0))
}

describe('facades match the bound Go methods', () => {
  afterEach(() => {
    delete window.go
  })

  it.each([
    ['ConnectionService', connectionsApi],
    ['SyncService', syncApi],
    ['InventoryService', inventoryApi],
    ['HistoryService', historyApi],
    ['DiagnosticsService', diagnosticsApi],
    ['PreferencesService', preferencesApi],
    ['BundleService', bundlesApi],
  ] as const)('%s', async (struct, api) => {
    const calls = recordCalls()
    await callAll(api as unknown as Record<string, (...a: never[]) => unknown>)
    const methods = goMethods('services', struct)
    expect(calls.length).toBe(Object.keys(api).length)
    for (const c of calls) {
      expect(c.pkg).toBe('services')
      expect(c.struct).toBe(struct)
      expect(methods.has(c.method), `${struct}.${c.method} is not a bound Go method`).toBe(true)
      expect(c.args, `${struct}.${c.method} argument count`).toBe(methods.get(c.method))
    }
  })

  it('appApi (the desktop service and the About facts)', async () => {
    const calls = recordCalls()
    // showWindow and signalFirstPaint are the Wails runtime (a window call
    // and an event), not bound methods; every other function of the facade
    // must reach one bound method with its arity.
    const { showWindow: _runtime, signalFirstPaint: _event, ...all } = appApi
    // The preferences appApi passes on are PreferencesService's (checked above).
    const bound = Object.fromEntries(Object.entries(all).filter(([k]) => !(k in preferencesApi)))
    await callAll(bound as unknown as Record<string, (...a: never[]) => unknown>)
    expect(calls.length).toBe(Object.keys(bound).length)
    for (const c of calls) {
      const methods = goMethods(c.pkg, c.struct)
      expect(methods.has(c.method), `${c.pkg}.${c.struct}.${c.method} is not a bound Go method`).toBe(true)
      expect(c.args, `${c.struct}.${c.method} argument count`).toBe(methods.get(c.method))
    }
    expect(new Set(calls.map((c) => `${c.pkg}.${c.struct}`))).toEqual(new Set(['desktop.WindowService', 'services.DiagnosticsService']))
  })
})
