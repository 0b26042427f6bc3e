// What the Preview modal says about a dry run, kept pure so the wording
// of the odd cases is pinned down by tests.
import type { Preview, PreviewItem } from '@/bridge/types'
import { skuLocationWord, skuLocationsWord } from './format'

export interface PreviewStat {
  key: 'pushed' | 'read' | 'changed' | 'unmapped' | 'toZero'
  label: string
  value: number
}

export interface PreviewSummary {
  stats: PreviewStat[]
  /** SKUs the store has in stock now (a known from above 0) that would go to 0. */
  toZero: PreviewItem[]
  /** A sentence explaining pushes that are retries of pending SKUs; '' otherwise. */
  retriesNote: string
}

/**
 * A smart run reads only what changed in the warehouse, so it can read 0
 * and still push: when every push is a retry of a SKU left pending by
 * earlier runs, the labels say so rather than "Read 0 · Would update 700".
 * New listings created at 0 (from === null) are not "going to zero": the
 * store never had them in stock.
 */
export function previewSummary(p: Preview): PreviewSummary {
  const c = p.counts
  // A Smart run that read nothing can still push what is new to it (a bundle
  // just added, a rules change): those are not retries.
  const retriesOnly = p.modeRun === 'smart' && c.read === 0 && c.pushed > 0 && (p.items ?? []).every((i) => i.why === 'pending')
  const toZero = (p.toZero ?? []).filter((i) => i.from !== null && i.from > 0)
  // A connection with a location map writes a SKU once per store location:
  // what it would write is then counted in SKU-locations, what it read in SKUs.
  const unit = p.located ? skuLocationWord : 'SKU'
  const updated = c.pushed === 1 ? unit : `${unit}s`
  return {
    stats: p.located
      ? [
          { key: 'pushed', label: retriesOnly ? `${skuLocationsWord} to update (pending retries)` : `${skuLocationsWord} to update`, value: c.pushed },
          { key: 'read', label: retriesOnly ? 'SKUs changed in the warehouse' : 'SKUs read from the warehouse', value: c.read },
          { key: 'changed', label: `${skuLocationsWord} changed`, value: c.changed },
          { key: 'unmapped', label: 'Unmapped SKUs', value: c.unmapped },
          { key: 'toZero', label: `${skuLocationsWord} going to zero`, value: toZero.length },
        ]
      : [
          { key: 'pushed', label: retriesOnly ? 'Would update (pending retries)' : 'Would update', value: c.pushed },
          { key: 'read', label: retriesOnly ? 'Changed in the warehouse' : 'Read from the warehouse', value: c.read },
          { key: 'changed', label: 'Changed', value: c.changed },
          { key: 'unmapped', label: 'Unmapped', value: c.unmapped },
          { key: 'toZero', label: 'Going to zero', value: toZero.length },
        ],
    toZero,
    retriesNote: retriesOnly
      ? `Nothing changed in the warehouse since the last sync; the ${c.pushed.toLocaleString('en-US')} ${updated} to update ${c.pushed === 1 ? 'is' : 'are'} still pending from earlier runs and would be sent again.`
      : '',
  }
}
