import { callGo } from './wails'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'DiagnosticsService', method, ...args)

export const diagnosticsApi = {
  /** Version, system, connections without secrets, recent runs and the log's end, for a support email. */
  report: () => svc<string>('Report'),
  /** Shows the folder holding ShelfSync's log in the file manager. */
  openLogFolder: () => svc<void>('OpenLogFolder'),
}
