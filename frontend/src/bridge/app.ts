import { callGo, wailsRuntime } from './wails'

/** When a finished sync shows a desktop notification (backend/notify Policy). */
export type NotifyPolicy = 'always' | 'failures' | 'never'

export const appApi = {
  version: () => callGo<string>('main', 'App', 'Version'),
  /** The folder holding ShelfSync's database. */
  dataDir: () => callGo<string>('main', 'App', 'DataDir'),
  /** Whether automatic (scheduled) sync is paused, for every connection at once. */
  paused: () => callGo<boolean>('main', 'App', 'Paused'),
  /** Pauses or resumes automatic sync; each connection's schedule:changed event follows. */
  setPaused: (paused: boolean) => callGo<void>('main', 'App', 'SetPaused', paused),
  notifyPolicy: () => callGo<NotifyPolicy>('main', 'App', 'NotifyPolicy'),
  setNotifyPolicy: (policy: NotifyPolicy) => callGo<void>('main', 'App', 'SetNotifyPolicy', policy),
  /** Whether ShelfSync starts (in the tray) when the user logs in. */
  startAtLogin: () => callGo<boolean>('main', 'App', 'StartAtLogin'),
  setStartAtLogin: (on: boolean) => callGo<void>('main', 'App', 'SetStartAtLogin', on),
  /**
   * Sentences to show once when the window opens (a damaged database set
   * aside and replaced, secrets kept in a file for want of a keyring).
   */
  notices: () => callGo<string[] | null>('main', 'App', 'Notices'),
  /** Shows the window once the first paint is ready (it starts hidden: no white flash). */
  showWindow: () => wailsRuntime()?.WindowShow?.(),
  /**
   * Tells Go, once, that the Connections page has painted with its data:
   * scripts/footprint.sh times launch to first paint by it. Go listens only
   * when SHELFSYNC_STARTUP_PROBE is set (backend/desktop/probe.go).
   */
  signalFirstPaint: () => {
    if (firstPaintSignalled) return
    firstPaintSignalled = true
    // Two frames: the first runs before the paint of the frame it is in,
    // the second after that paint.
    requestAnimationFrame(() => requestAnimationFrame(() => wailsRuntime()?.EventsEmit?.('ui:first-paint')))
  },
}

let firstPaintSignalled = false
