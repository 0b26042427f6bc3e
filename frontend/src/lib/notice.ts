import type { Run } from '@/bridge/types'
import { modeLabel, runCountsText, runVerdict } from './format'

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
  if (run.trigger !== 'manual' && run.status === 'succeeded' && !run.warnings) return null
  const st = runVerdict(run)
  const content =
    run.status === 'held' || run.status === 'failed'
      ? run.error || 'Open its History entry for the details.'
      : `${runCountsText(run)}.`
  return {
    type: st.type === 'default' ? 'info' : st.type,
    title: `${run.connection}: ${modeLabel(run.modeRun)} ${st.label.toLowerCase()}`,
    content,
  }
}
