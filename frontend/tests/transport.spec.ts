import { afterEach, describe, expect, it, vi } from 'vitest'
import { chooseTransport, csrfHeader, currentTransport, installHttpTransport, sseRuntime } from '@/bridge/transport'
import { callGo } from '@/bridge/wails'

type Reply = { status: number; body?: unknown }

/** A fetch that answers /api/session and records every call. */
function fakeServer(replies: Record<string, Reply>) {
  const calls: { url: string; init?: RequestInit }[] = []
  const fetchFn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init })
    const r = replies[String(url)] ?? { status: 404, body: { error: 'There is no such ShelfSync call.' } }
    return new Response(r.body === undefined ? '' : JSON.stringify(r.body), { status: r.status })
  })
  return { fetchFn: fetchFn as unknown as typeof fetch, calls }
}

afterEach(() => {
  delete window.go
  delete window.runtime
})

describe('choosing the transport', () => {
  it("keeps Wails' bindings when the app's runtime is there", async () => {
    window.go = {}
    await expect(chooseTransport()).resolves.toBe('wails')
    expect(currentTransport()).toBe('wails')
  })

  it('talks HTTP in a plain browser', async () => {
    const { fetchFn } = fakeServer({ '/api/session': { status: 200, body: { csrfToken: 'tok' } } })
    vi.stubGlobal('fetch', fetchFn)
    vi.stubGlobal('EventSource', class {})
    await expect(chooseTransport()).resolves.toBe('http')
    expect(currentTransport()).toBe('http')
    expect(window.go).toBeDefined()
    vi.unstubAllGlobals()
  })
})

describe('the HTTP transport', () => {
  it('calls a bound method as a POST of its arguments with the session CSRF token', async () => {
    const { fetchFn, calls } = fakeServer({
      '/api/session': { status: 200, body: { csrfToken: 'tok' } },
      '/api/services/SyncService/Start': { status: 200, body: 42 },
    })
    await installHttpTransport(fetchFn)
    await expect(callGo<number>('services', 'SyncService', 'Start', 7, 'full')).resolves.toBe(42)
    const call = calls.find((c) => c.url === '/api/services/SyncService/Start')!
    expect(call.init?.method).toBe('POST')
    expect((call.init?.headers as Record<string, string>)[csrfHeader]).toBe('tok')
    expect(call.init?.body).toBe('[7,"full"]')
  })

  it("rejects with Go's sentence, as Wails does", async () => {
    const { fetchFn } = fakeServer({
      '/api/session': { status: 200, body: { csrfToken: 'tok' } },
      '/api/services/SyncService/Start': { status: 422, body: { error: 'a sync of Demo is already running' } },
    })
    await installHttpTransport(fetchFn)
    await expect(callGo('services', 'SyncService', 'Start', 1, 'smart')).rejects.toBe('a sync of Demo is already running')
  })

  it('goes to the login page without a session', async () => {
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    const { fetchFn } = fakeServer({ '/api/session': { status: 401, body: { error: 'Log in to ShelfSync.' } } })
    void installHttpTransport(fetchFn)
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/login'))
    vi.unstubAllGlobals()
  })
})

class FakeSource extends EventTarget {
  static readonly CLOSED = 2
  readyState = 1
  emit(name: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(name, { data: JSON.stringify(data) }))
  }
}

describe('events over Server-Sent Events', () => {
  it('delivers each named event to its listeners until they unsubscribe', () => {
    const source = new FakeSource()
    const rt = sseRuntime(() => source as unknown as EventSource)
    const got: unknown[] = []
    const off = rt.EventsOnMultiple('sync:progress', (p) => got.push(p), -1)
    source.emit('sync:progress', { pushed: 1 })
    source.emit('sync:finished', { runId: 3 })
    off()
    source.emit('sync:progress', { pushed: 2 })
    expect(got).toEqual([{ pushed: 1 }])
  })

  it('tells the screens to reload after the stream reconnects', () => {
    const source = new FakeSource()
    const rt = sseRuntime(() => source as unknown as EventSource)
    const reloads = vi.fn()
    rt.EventsOnMultiple('connections:changed', reloads, -1)
    source.dispatchEvent(new Event('open'))
    expect(reloads).not.toHaveBeenCalled()
    source.dispatchEvent(new Event('open'))
    expect(reloads).toHaveBeenCalledTimes(1)
  })
})
