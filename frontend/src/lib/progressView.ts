import type { LiveRun } from '@/stores/progress'
import { modeLabel, phaseLabel, progressPercent } from './format'

/** What the progress bar shows for a run in flight. */
export interface ProgressView {
  title: string
  phase: string
  count: string
  percent: number
  /** True while Go has not said how much there is to do. */
  indeterminate: boolean
}

export function progressView(run: LiveRun): ProgressView {
  const indeterminate = run.total <= 0
  return {
    title: run.modeRequested ? `${modeLabel(run.modeRequested)} running` : 'Sync running',
    phase: run.cancelling ? 'Cancelling…' : phaseLabel(run.phase),
    count: indeterminate ? '' : `${run.done.toLocaleString('en-US')} / ${run.total.toLocaleString('en-US')}`,
    percent: indeterminate ? 0 : progressPercent(run.done, run.total),
    indeterminate,
  }
}
