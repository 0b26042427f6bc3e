import { onEvent, type Unsubscribe } from '@/bridge/events'
import type { Run } from '@/bridge/types'
import { useConnectionsStore } from './connections'
import { useHistoryStore } from './history'
import { useInventoryStore } from './inventory'
import { useNavStore } from './nav'
import { usePrefsStore } from './prefs'
import { useProgressStore } from './progress'

/**
 * Routes Go's events into the stores: the one place the window listens.
 * `onRunFinished` and `onNotifyUnavailable` (called once) let the shell tell
 * the user without the stores knowing about UI.
 */
export function connectLiveEvents(
  opts: { onRunFinished?: (run: Run) => void; onNotifyUnavailable?: (sentence: string) => void } = {},
): Unsubscribe {
  const progress = useProgressStore()
  const connections = useConnectionsStore()
  const history = useHistoryStore()
  const inventory = useInventoryStore()
  const nav = useNavStore()
  const prefs = usePrefsStore()

  const offs = [
    onEvent('sync:started', (ev) => {
      progress.started(ev)
      connections.applyRunStarted(ev)
    }),
    onEvent('sync:progress', (p) => progress.update(p)),
    onEvent('sync:finished', (run) => {
      progress.finished(run)
      connections.applyRunFinished(run)
      history.applyRunFinished(run)
      void inventory.applyRunFinished(run)
      opts.onRunFinished?.(run)
    }),
    onEvent('schedule:changed', (ev) => {
      connections.applyScheduleChanged(ev)
      prefs.applyScheduleChanged(ev)
    }),
    onEvent('notify:unavailable', (sentence) => {
      if (prefs.noteNotifyUnavailable(sentence)) opts.onNotifyUnavailable?.(prefs.notifyUnavailable)
    }),
    onEvent('connections:changed', () => void connections.load()),
    onEvent('ui:show-run', (p) => {
      const runId = typeof p === 'number' ? p : p.runId
      history
        .showRun(runId)
        .then((run) => nav.toConnection(run.connectionId, 'history'))
        .catch(() => {}) // the run was trimmed from history meanwhile: nothing to show
    }),
  ]
  return () => offs.forEach((off) => off())
}
