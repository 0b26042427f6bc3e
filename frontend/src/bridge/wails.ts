// The one place that reaches the Go methods Wails binds on window.go and the
// Wails runtime on window.runtime. The generated modules under ./wailsjs do
// exactly this too; going through one typed entry point keeps the facades
// independent of when the generator last ran and lets tests and the mock
// backend stand in for Go by filling window.go.

type BoundMethod = (...args: unknown[]) => Promise<unknown>
type BoundServices = Record<string, Record<string, Record<string, BoundMethod>>>

export interface WailsRuntime {
  EventsOnMultiple(name: string, callback: (...data: unknown[]) => void, maxCallbacks: number): () => void
  EventsOff(name: string, ...additional: string[]): void
  WindowShow?(): void
  EventsEmit?(name: string, ...data: unknown[]): void
}

declare global {
  interface Window {
    go?: BoundServices
    runtime?: WailsRuntime
  }
}

export const backendMissing = 'ShelfSync cannot reach its engine. Close the window and start ShelfSync again.'

/** Calls a bound Go method: `pkg.Struct.Method(...args)`. */
export function callGo<T>(pkg: string, struct: string, method: string, ...args: unknown[]): Promise<T> {
  const fn = window.go?.[pkg]?.[struct]?.[method]
  if (!fn) return Promise.reject(new Error(backendMissing))
  return fn(...args) as Promise<T>
}

export function wailsRuntime(): WailsRuntime | undefined {
  return window.runtime
}
