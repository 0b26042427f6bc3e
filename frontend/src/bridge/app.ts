import { callGo, wailsRuntime } from './wails'

export const appApi = {
  version: () => callGo<string>('main', 'App', 'Version'),
  /** The folder holding ShelfSync's database. */
  dataDir: () => callGo<string>('main', 'App', 'DataDir'),
  /** Shows the window once the first paint is ready (it starts hidden: no white flash). */
  showWindow: () => wailsRuntime()?.WindowShow?.(),
}
