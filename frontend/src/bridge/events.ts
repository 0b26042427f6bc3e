import { wailsRuntime } from './wails'
import type { Progress, Run, RunStarted, ScheduleChanged } from './types'

/** Events Go emits to the window, with their payloads. */
export interface EventPayloads {
  'sync:started': RunStarted
  'sync:progress': Progress
  'sync:finished': Run
  'schedule:changed': ScheduleChanged
  'connections:changed': undefined
  /** A notification's "View details": open this run (its id, or an object carrying it). */
  'ui:show-run': number | { runId: number }
  /** This desktop shows no notifications: the sentence to show, sent once. */
  'notify:unavailable': string
}

export type EventName = keyof EventPayloads
export type Unsubscribe = () => void

/** Subscribes to a Go event; returns the function that unsubscribes. */
export function onEvent<E extends EventName>(name: E, handler: (payload: EventPayloads[E]) => void): Unsubscribe {
  const rt = wailsRuntime()
  if (!rt) return () => {}
  return rt.EventsOnMultiple(name, (...data: unknown[]) => handler(data[0] as EventPayloads[E]), -1)
}
