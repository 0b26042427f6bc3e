// The facades reach Go by method name through window.go, so nothing but
// this test notices when a bound Go method is renamed or takes another
// number of arguments. It calls every facade function against a recording
// window.go and checks each call against the exported methods in the Go
// source of the bound structs.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appApi } from '@/bridge/app'
import { connectionsApi } from '@/bridge/connections'
import { diagnosticsApi } from '@/bridge/diagnostics'
import { historyApi } from '@/bridge/history'
import { inventoryApi } from '@/bridge/inventory'
import { syncApi } from '@/bridge/sync'

const root = join(__dirname, '..', '..')

/** Exported methods of a Go struct and how many parameters each takes. */
function goMethods(files: string[], struct: string): Map<string, number> {
  const out = new Map<string, number>()
  const re = new RegExp(`^func \\(\\w+ \\*${struct}\\) ([A-Z]\\w*)\\(([^)]*)\\)`, 'gm')
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(re)) {
      const params = m[2]!.trim()
      out.set(m[1]!, params === '' ? 0 : params.split(',').length)
    }
  }
  return out
}

const serviceFiles = readdirSync(join(root, 'backend', 'services'))
  .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
  .map((f) => join(root, 'backend', 'services', f))

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
  ] as const)('%s', async (struct, api) => {
    const calls = recordCalls()
    await callAll(api as unknown as Record<string, (...a: never[]) => unknown>)
    const methods = goMethods(serviceFiles, struct)
    expect(calls.length).toBe(Object.keys(api).length)
    for (const c of calls) {
      expect(c.pkg).toBe('services')
      expect(c.struct).toBe(struct)
      expect(methods.has(c.method), `${struct}.${c.method} is not a bound Go method`).toBe(true)
      expect(c.args, `${struct}.${c.method} argument count`).toBe(methods.get(c.method))
    }
  })

  it('App', async () => {
    const calls = recordCalls()
    // showWindow and signalFirstPaint are the Wails runtime (a window call
    // and an event), not bound methods; every other function of the facade
    // must reach one App method with its arity.
    const { showWindow: _runtime, signalFirstPaint: _event, ...bound } = appApi
    await callAll(bound as unknown as Record<string, (...a: never[]) => unknown>)
    const methods = goMethods([join(root, 'app.go')], 'App')
    expect(calls.length).toBe(Object.keys(bound).length)
    for (const c of calls) {
      expect(c).toMatchObject({ pkg: 'main', struct: 'App' })
      expect(methods.has(c.method), `App.${c.method} is not a bound Go method`).toBe(true)
      expect(c.args, `App.${c.method} argument count`).toBe(methods.get(c.method))
    }
  })
})

describe('bridge/events.ts names every event backend/events sends', () => {
  it('has a payload type for each event name in events.go', () => {
    const goSrc = readFileSync(join(root, 'backend', 'events', 'events.go'), 'utf8')
    const tsSrc = readFileSync(join(__dirname, '..', 'src', 'bridge', 'events.ts'), 'utf8')
    const goNames = [...goSrc.matchAll(/^\s+\w+\s*=\s*"([\w:-]+)"/gm)].map((m) => m[1]!).sort()
    const tsNames = [...tsSrc.matchAll(/^\s+'([\w:-]+)':/gm)].map((m) => m[1]!).sort()
    expect(goNames).toContain('notify:unavailable')
    expect(tsNames).toEqual(goNames)
  })
})
