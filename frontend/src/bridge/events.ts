import { wailsRuntime } from './wails'
import type { GoEventPayloads } from './goevents'

/**
 * Events Go emits to the window, with their payloads: generated from
 * backend/events (goevents.ts). A notification's "View details" may also
 * name its run by an object carrying the id.
 */
export interface EventPayloads extends Omit<GoEventPayloads, 'ui:show-run'> {
  'ui:show-run': GoEventPayloads['ui:show-run'] | { runId: number }
}

export type EventName = keyof EventPayloads
export type Unsubscribe = () => void

/** Subscribes to a Go event; returns the function that unsubscribes. */
export function onEvent<E extends EventName>(name: E, handler: (payload: EventPayloads[E]) => void): Unsubscribe {
  const rt = wailsRuntime()
  if (!rt) return () => {}
  return rt.EventsOnMultiple(name, (...data: unknown[]) => handler(data[0] as EventPayloads[E]), -1)
}
