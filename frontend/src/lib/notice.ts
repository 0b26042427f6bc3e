import type { Run } from '@/bridge/types'
import { modeLabel, runStatus } from './format'

export interface Notice {
  type: 'info' | 'success' | 'warning' | 'error'
  title: string
  content: string
}

/**
 * What the window says when a run finishes. The tray tells about every run;
 * the window speaks up for runs the user started and for any run that did
 * not simply succeed, so a short schedule does not bury the screen in toasts.
 */
export function finishedNotice(run: Run): Notice | null {
  if (run.trigger !== 'manual' && run.status === 'succeeded') return null
  const st = runStatus(run.status)
  const content =
    run.status === 'held' || run.status === 'failed'
      ? run.error || 'Open its History entry for the details.'
      : `${run.counts.pushed.toLocaleString('en-US')} pushed, ${run.counts.failed.toLocaleString('en-US')} failed.`
  return {
    type: st.type === 'default' ? 'info' : st.type,
    title: `${run.connection}: ${modeLabel(run.modeRun)} ${st.label.toLowerCase()}`,
    content,
  }
}
