import { preferencesApi } from './preferences'
import { callGo, wailsRuntime } from './wails'

// What the window asks of the desktop it runs on (desktop.WindowService;
// server.Shell answers the same names in a browser).
const desktop = <T>(method: string, ...args: unknown[]) => callGo<T>('desktop', 'WindowService', method, ...args)
const diagnostics = <T>(method: string) => callGo<T>('services', 'DiagnosticsService', method)

/** When a finished sync shows a desktop notification (backend/notify Policy). */
export type NotifyPolicy = 'always' | 'changes' | 'failures' | 'never'

export const appApi = {
  ...preferencesApi,
  version: () => diagnostics<string>('Version'),
  /** The folder holding ShelfSync's database. */
  dataDir: () => diagnostics<string>('DataDir'),
  notifyPolicy: () => desktop<NotifyPolicy>('NotifyPolicy'),
  setNotifyPolicy: (policy: NotifyPolicy) => desktop<void>('SetNotifyPolicy', policy),
  /** Whether ShelfSync starts (in the tray) when the user logs in. */
  startAtLogin: () => desktop<boolean>('StartAtLogin'),
  setStartAtLogin: (on: boolean) => desktop<void>('SetStartAtLogin', on),
  /** Saves a run's SKUs as CSV where the user picks (Save as… dialog); resolves to the path, "" if cancelled. */
  saveRunCSV: (runId: number) => desktop<string>('SaveRunCSV', runId),
  /** Asks for a file on this computer (native Open dialog); resolves to its path, "" if cancelled. */
  chooseFile: (title: string) => desktop<string>('ChooseFile', title),
  /** Ends ShelfSync (for desktops without a tray menu); running syncs are recorded as cancelled. */
  quit: () => desktop<void>('Quit'),
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
