import { callGo } from './wails'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'PreferencesService', method, ...args)

/** The app-wide preferences Go keeps (backend/services/preferences.go). */
export const preferencesApi = {
  /** Whether automatic (scheduled) sync is paused, for every connection at once. */
  paused: () => svc<boolean>('Paused'),
  /** Pauses or resumes automatic sync; each connection's schedule:changed event follows. */
  setPaused: (paused: boolean) => svc<void>('SetPaused', paused),
  /**
   * Sentences to show once when the window opens (a damaged database set
   * aside and replaced, secrets kept in a file for want of a keyring).
   */
  notices: () => svc<string[] | null>('Notices'),
}
