// Pure helpers for the Add connection wizard.
import type { Field, Kind, NewConnection } from '@/bridge/types'

/** One side's inputs, keyed by field key, secrets and settings together. */
export type FieldValues = Record<string, string>

/** Labels of the required fields left empty. */
export function missingFields(kind: Kind | undefined, values: FieldValues): string[] {
  if (!kind) return []
  return (kind.fields ?? []).filter((f) => f.required && !(values[f.key] ?? '').trim()).map((f) => f.label)
}

/**
 * Whether this source needs the field, as its connector describes it: a
 * local CSV file needs no SFTP login and no HTTP header.
 */
function needed(f: Field, values: FieldValues): boolean {
  const when = f.shownWhen
  if (!when?.field) return true
  const v = (values[when.field] ?? '').trim().toLowerCase()
  return when.prefixes.some((p) => v.startsWith(p.toLowerCase()))
}

/** The fields this source needs, split into the ones to show and those under "More options" (advanced, left empty). */
export function fieldsFor(kind: Kind | undefined, values: FieldValues): { main: Field[]; more: Field[] } {
  const main: Field[] = []
  const more: Field[] = []
  for (const f of kind?.fields ?? []) {
    if (!needed(f, values)) continue
    if (f.advanced && !(values[f.key] ?? '').trim()) more.push(f)
    else main.push(f)
  }
  return { main, more }
}

/** The CSV source is a file on this computer (so a file picker helps). */
export function isLocalSource(values: FieldValues): boolean {
  return !/^[a-z]+:\/\//i.test((values.source ?? '').trim())
}

/**
 * Splits one side's inputs into plain settings and secrets, trimmed,
 * empties dropped, and so are fields this source does not need (an HTTP
 * header typed before the URL became a file path).
 */
export function splitFields(kind: Kind | undefined, values: FieldValues) {
  const settings: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  for (const f of kind?.fields ?? []) {
    if (!needed(f, values)) continue
    const v = (values[f.key] ?? '').trim()
    if (!v) continue
    if (f.secret) secrets[f.key] = v
    else settings[f.key] = v
  }
  return { settings, secrets }
}

/** A side's name in a connection name: what the merchant would call it. */
function shortName(kind: Kind, values: FieldValues): string {
  const v = (k: string) => (values[k] ?? '').trim()
  switch (kind.kind) {
    case 'csv': {
      const src = v('source').replace(/[?#].*$/, '').replace(/\/+$/, '')
      const last = src.split(/[\\/]/).pop() ?? ''
      return last ? last : 'Warehouse CSV'
    }
    case 'shopify': {
      const shop = v('shop').replace(/^https?:\/\//, '').split('.')[0]
      return shop ? `${shop} (Shopify)` : 'Shopify'
    }
    case 'woocommerce': {
      const host = v('url').replace(/^https?:\/\//, '').split('/')[0]
      return host ? `${host} (WooCommerce)` : 'WooCommerce'
    }
  }
  return kind.label
}

/** "inventory.csv → acme (Shopify)": the connection after its two sides. */
export function suggestedName(
  warehouse: Kind | undefined,
  store: Kind | undefined,
  warehouseValues: FieldValues = {},
  storeValues: FieldValues = {},
): string {
  if (!warehouse || !store) return ''
  return `${shortName(warehouse, warehouseValues)} → ${shortName(store, storeValues)}`
}

export function buildNewConnection(
  name: string,
  warehouse: Kind | undefined,
  warehouseValues: FieldValues,
  store: Kind | undefined,
  storeValues: FieldValues,
): NewConnection {
  const wh = splitFields(warehouse, warehouseValues)
  const st = splitFields(store, storeValues)
  return {
    name: name.trim() || suggestedName(warehouse, store, warehouseValues, storeValues),
    warehouseKind: warehouse?.kind ?? '',
    warehouseSettings: wh.settings,
    warehouseSecrets: wh.secrets,
    storeKind: store?.kind ?? '',
    storeSettings: st.settings,
    storeSecrets: st.secrets,
  }
}
