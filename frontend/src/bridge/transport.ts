// How the bridge reaches Go. In the app, Wails' runtime script fills
// window.go (the bound methods) and window.runtime (events) before any
// module runs, and the facades call through them. In a browser talking to
// `shelfsync serve` neither exists: installHttpTransport fills both with
// the same shapes over HTTP, one POST per bound method
// (/api/<pkg>/<Struct>/<Method>, a JSON array of arguments, as
// backend/server exposes them) and Server-Sent Events (/api/events). Every
// facade, generated binding and screen works unchanged on either.

import type { WailsRuntime } from './wails'

/** The header backend/server checks a write's CSRF token in. */
export const csrfHeader = 'X-ShelfSync-CSRF'

export const loginPath = '/login'

/** Which transport the page uses: Wails' own, or HTTP to `shelfsync serve`. */
export type TransportKind = 'wails' | 'http'

/** The page runs inside the app (or its dev server) when Wails' runtime is there. */
export function wailsPresent(): boolean {
  return window.go !== undefined || window.runtime !== undefined
}

/** Sentences a rejected call carries, like the Go errors Wails rejects with. */
const sentences = {
  loggedOut: 'You are logged out of ShelfSync; log in again.',
  unreachable: 'ShelfSync cannot be reached. Check that it is still running, then reload the page.',
  unreadable: 'ShelfSync answered something this page cannot read; reload the page.',
}

interface Session {
  csrfToken: string
}

/** Goes to the login page; the promise never settles, as the page unloads. */
function toLogin(): Promise<never> {
  window.location.assign(loginPath)
  return new Promise<never>(() => {})
}

/** Reads the session's CSRF token; without a session, goes to the login page. */
async function openSession(fetchFn: typeof fetch): Promise<Session> {
  const res = await fetchFn('/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  if (res.status === 401) return toLogin()
  if (!res.ok) throw new Error(sentences.unreachable)
  return (await res.json()) as Session
}

/** Calls one bound method over HTTP; rejects with Go's sentence, as Wails does. */
export async function httpCall(
  fetchFn: typeof fetch,
  session: Session,
  pkg: string,
  struct: string,
  method: string,
  args: unknown[],
): Promise<unknown> {
  let res: Response
  try {
    res = await fetchFn(`/api/${pkg}/${struct}/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', [csrfHeader]: session.csrfToken },
      // Wails passes a missing argument as null.
      body: JSON.stringify(args.map((a) => (a === undefined ? null : a))),
    })
  } catch {
    throw sentences.unreachable
  }
  if (res.status === 401) return toLogin()
  const text = await res.text()
  let body: unknown
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    throw sentences.unreadable
  }
  if (!res.ok) {
    const error = (body as { error?: unknown } | null)?.error
    throw typeof error === 'string' && error !== '' ? error : sentences.unreadable
  }
  return body
}

type Listener = { callback: (...data: unknown[]) => void; left: number }

/**
 * Events from /api/events in the shape of Wails' EventsOnMultiple. After a
 * dropped stream reconnects, a 'connections:changed' tells the screens to
 * reload what they show, since events in between were missed.
 */
export function sseRuntime(open: () => EventSource): WailsRuntime {
  const listeners = new Map<string, Set<Listener>>()
  let source: EventSource | null = null
  let opened = false

  const deliver = (name: string, data: unknown) => {
    for (const l of [...(listeners.get(name) ?? [])]) {
      l.callback(data)
      if (l.left > 0 && --l.left === 0) listeners.get(name)?.delete(l)
    }
  }
  const listen = (name: string) => {
    source?.addEventListener(name, (ev) => {
      let data: unknown
      try {
        data = JSON.parse((ev as MessageEvent<string>).data)
      } catch {
        return // a frame this page cannot read is one it cannot act on
      }
      deliver(name, data)
    })
  }
  const ensureSource = () => {
    if (source) return
    source = open()
    source.addEventListener('open', () => {
      if (opened) deliver('connections:changed', undefined)
      opened = true
    })
    source.addEventListener('error', () => {
      // A closed stream (not a reconnecting one) means the session ended.
      if (source?.readyState === EventSource.CLOSED) void toLogin()
    })
    for (const name of listeners.keys()) listen(name)
  }

  return {
    EventsOnMultiple(name, callback, maxCallbacks) {
      ensureSource()
      let set = listeners.get(name)
      if (!set) {
        set = new Set()
        listeners.set(name, set)
        listen(name)
      }
      const l: Listener = { callback, left: maxCallbacks }
      set.add(l)
      return () => listeners.get(name)?.delete(l)
    },
    EventsOff(name, ...additional) {
      for (const n of [name, ...additional]) listeners.get(n)?.clear()
    },
  }
}

type BoundMethod = (...args: unknown[]) => Promise<unknown>

/**
 * Fills window.go and window.runtime for a browser talking to
 * `shelfsync serve`. window.go answers any pkg.Struct.Method: which ones
 * exist is the server's list, derived from the services Wails binds.
 */
export async function installHttpTransport(fetchFn: typeof fetch = window.fetch.bind(window)): Promise<void> {
  const session = await openSession(fetchFn)
  const method = (pkg: string, struct: string, name: string): BoundMethod => (...args) =>
    httpCall(fetchFn, session, pkg, struct, name, args)
  const level = <T>(make: (key: string) => T): Record<string, T> =>
    new Proxy({} as Record<string, T>, { get: (_, key) => (typeof key === 'string' ? make(key) : undefined) })
  window.go = level((pkg) => level((struct) => level((name) => method(pkg, struct, name))))
  window.runtime = sseRuntime(() => new EventSource('/api/events', { withCredentials: true }))
}

let chosen: TransportKind = 'wails'

/**
 * The transport chooseTransport picked: screens that do what only a desktop
 * can (a Save as… dialog, start at login, notifications) ask it, and offer
 * the browser's way or nothing under 'http'.
 */
export function currentTransport(): TransportKind {
  return chosen
}

/** Picks the transport once at start: Wails' bindings in the app, HTTP in a browser. */
export async function chooseTransport(): Promise<TransportKind> {
  if (!wailsPresent()) {
    await installHttpTransport()
    chosen = 'http'
  }
  return chosen
}
