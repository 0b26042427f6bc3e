import { preferencesApi } from './preferences'
import { callGo, wailsRuntime } from './wails'

/** When a finished sync shows a desktop notification (backend/notify Policy). */
export type NotifyPolicy = 'always' | 'changes' | 'failures' | 'never'

export const appApi = {
  ...preferencesApi,
  version: () => callGo<string>('main', 'App', 'Version'),
  /** The folder holding ShelfSync's database. */
  dataDir: () => callGo<string>('main', 'App', 'DataDir'),
  notifyPolicy: () => callGo<NotifyPolicy>('main', 'App', 'NotifyPolicy'),
  setNotifyPolicy: (policy: NotifyPolicy) => callGo<void>('main', 'App', 'SetNotifyPolicy', policy),
  /** Whether ShelfSync starts (in the tray) when the user logs in. */
  startAtLogin: () => callGo<boolean>('main', 'App', 'StartAtLogin'),
  setStartAtLogin: (on: boolean) => callGo<void>('main', 'App', 'SetStartAtLogin', on),
  /** Saves a run's SKUs as CSV where the user picks (Save as… dialog); resolves to the path, "" if cancelled. */
  saveRunCSV: (runId: number) => callGo<string>('main', 'App', 'SaveRunCSV', runId),
  /** Asks for a file on this computer (native Open dialog); resolves to its path, "" if cancelled. */
  chooseFile: (title: string) => callGo<string>('main', 'App', 'ChooseFile', title),
  /** Ends ShelfSync (for desktops without a tray menu); running syncs are recorded as cancelled. */
  quit: () => callGo<void>('main', 'App', 'Quit'),
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
