// Pure helpers for the Settings tab's quantity rules and SKU mapping.
import type { Rules } from '@/bridge/types'

/** One SKU per line or comma; blanks and repeats dropped, order kept. */
export function parseSkuList(text: string): string[] {
  const seen = new Set<string>()
  for (const part of text.split(/[\n,]/)) {
    const sku = part.trim()
    if (sku) seen.add(sku)
  }
  return [...seen]
}

export interface MappingRow {
  warehouseSku: string
  storeSku: string
}

export function mappingRows(mapping: Record<string, string> | null | undefined): MappingRow[] {
  return Object.entries(mapping ?? {})
    .map(([warehouseSku, storeSku]) => ({ warehouseSku, storeSku }))
    .sort((a, b) => a.warehouseSku.localeCompare(b.warehouseSku))
}

/**
 * Turns edited rows back into the mapping; rejects, as a sentence, the rows a
 * merchant must fix (a blank side, a warehouse SKU mapped twice).
 */
export function rowsToMapping(rows: MappingRow[]): Record<string, string> {
  const out: Record<string, string> = {}
  rows.forEach((r, i) => {
    const wh = r.warehouseSku.trim()
    const st = r.storeSku.trim()
    if (!wh && !st) return
    if (!st) throw new Error(`Row ${i + 1} (${wh}) needs a store SKU too: fill it in, or remove the row.`)
    if (!wh) throw new Error(`Row ${i + 1} (${st}) needs a warehouse SKU too: fill it in, or remove the row.`)
    if (wh in out) throw new Error(`Warehouse SKU ${wh} is mapped twice; keep one row for it.`)
    out[wh] = st
  })
  return out
}

/** Rows with both SKUs filled in: what "N mapped" counts. */
export function completeRows(rows: MappingRow[]): number {
  return rows.filter((r) => r.warehouseSku.trim() && r.storeSku.trim()).length
}

/** Rules checked before saving; the message says what to change. */
export function validateRules(r: Pick<Rules, 'buffer' | 'cap' | 'zeroBelow'>): string {
  if (!Number.isInteger(r.buffer) || r.buffer < 0) return 'Safety stock must be 0 or more.'
  if (!Number.isInteger(r.cap) || r.cap < 0) return 'The cap must be 0 (no cap) or more.'
  if (!Number.isInteger(r.zeroBelow) || r.zeroBelow < 0) return 'Send 0 below must be 0 (off) or more.'
  return ''
}
