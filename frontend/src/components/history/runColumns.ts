import { h, type VNodeChild } from 'vue'
import { NTag, NTooltip, type DataTableColumns } from 'naive-ui'
import type { Run } from '@/bridge/types'
import { dateTime, durationText, modeLabel, relativeTime, runVerdict, triggerLabel, writesText } from '@/lib/format'

/** "Smart Sync → Full Sync" when the engine ran another mode than asked. */
export function modeText(run: Pick<Run, 'modeRequested' | 'modeRun'>): string {
  if (run.modeRun && run.modeRun !== run.modeRequested) return `${modeLabel(run.modeRequested)} → ${modeLabel(run.modeRun)}`
  return modeLabel(run.modeRequested || run.modeRun)
}

type WriteCount = 'changed' | 'pushed' | 'failed'

/**
 * A write count's cell: the number, and for a located run (a SKU written
 * once per store location) the same number with its unit when pointed at,
 * as the run's details and the card say it.
 */
function writesCell(r: Run, key: WriteCount, verb: string): VNodeChild {
  const n = r.counts[key]
  const text = n.toLocaleString('en-US')
  const bad = key === 'failed' && n > 0
  if (!r.located) return bad ? h('span', { class: 'bad' }, text) : text
  const number = h('span', { class: { dotted: true, bad } }, text)
  return h(NTooltip, null, { trigger: () => number, default: () => `${writesText(true, n)} ${verb}` })
}

export function runColumns(now: Date): DataTableColumns<Run> {
  return [
    {
      title: 'Time',
      key: 'startedAt',
      width: 190,
      render: (r) =>
        h('div', { class: 'time' }, [
          h('div', dateTime(r.startedAt)),
          h('div', { class: 'sub' }, relativeTime(r.startedAt, now)),
        ]),
    },
    { title: 'Trigger', key: 'trigger', width: 110, render: (r) => triggerLabel(r.trigger) },
    {
      title: 'Mode',
      key: 'mode',
      width: 200,
      render: (r) => {
        const text = modeText(r)
        if (!r.reason || r.modeRun === r.modeRequested) return text
        return h(NTooltip, null, { trigger: () => h('span', { class: 'dotted' }, text), default: () => r.reason })
      },
    },
    {
      title: 'Status',
      key: 'status',
      width: 190,
      render: (r) => {
        const s = runVerdict(r)
        const tag = h(NTag, { size: 'small', type: s.type, bordered: false, round: true }, () => s.label)
        return r.error ? h(NTooltip, null, { trigger: () => tag, default: () => r.error }) : tag
      },
    },
    { title: 'Read', key: 'read', width: 80, align: 'right', render: (r) => r.counts.read.toLocaleString('en-US') },
    { title: 'Changed', key: 'changed', width: 85, align: 'right', render: (r) => writesCell(r, 'changed', 'changed') },
    { title: 'Updated', key: 'pushed', width: 80, align: 'right', render: (r) => writesCell(r, 'pushed', 'updated') },
    { title: 'Failed', key: 'failed', width: 75, align: 'right', render: (r) => writesCell(r, 'failed', 'failed') },
    { title: 'Duration', key: 'duration', width: 100, align: 'right', render: (r) => (r.status === 'running' ? '…' : durationText(r.durationMs)) },
    { title: 'API calls', key: 'apiCalls', width: 90, align: 'right' },
  ]
}
