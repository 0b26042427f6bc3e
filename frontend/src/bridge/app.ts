import { callGo, wailsRuntime } from './wails'

export const appApi = {
  version: () => callGo<string>('main', 'App', 'Version'),
  /** Shows the window once the first paint is ready (it starts hidden: no white flash). */
  showWindow: () => wailsRuntime()?.WindowShow?.(),
}
