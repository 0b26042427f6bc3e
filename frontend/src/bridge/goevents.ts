// Code generated from backend/events (Listener, ByName) by `make types`; DO NOT EDIT.

import type { Progress, Run, RunStarted, ScheduleChanged } from './types'

/** Each event Go sends to the window, with its payload. */
export interface GoEventPayloads {
  'connections:changed': undefined
  'notify:unavailable': string
  'schedule:changed': ScheduleChanged
  'sync:finished': Run
  'sync:progress': Progress
  'sync:started': RunStarted
  'ui:show-run': number
}
