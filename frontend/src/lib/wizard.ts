// Pure helpers for the Add connection wizard.
import type { Kind, NewConnection } from '@/bridge/types'

/** One side's inputs, keyed by field key, secrets and settings together. */
export type FieldValues = Record<string, string>

/** Labels of the required fields left empty. */
export function missingFields(kind: Kind | undefined, values: FieldValues): string[] {
  if (!kind) return []
  return (kind.fields ?? []).filter((f) => f.required && !(values[f.key] ?? '').trim()).map((f) => f.label)
}

/** Splits one side's inputs into plain settings and secrets, trimmed, empties dropped. */
export function splitFields(kind: Kind | undefined, values: FieldValues) {
  const settings: Record<string, string> = {}
  const secrets: Record<string, string> = {}
  for (const f of kind?.fields ?? []) {
    const v = (values[f.key] ?? '').trim()
    if (!v) continue
    if (f.secret) secrets[f.key] = v
    else settings[f.key] = v
  }
  return { settings, secrets }
}

export function suggestedName(warehouse: Kind | undefined, store: Kind | undefined): string {
  if (!warehouse || !store) return ''
  return `${warehouse.label} → ${store.label}`
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
    name: name.trim() || suggestedName(warehouse, store),
    warehouseKind: warehouse?.kind ?? '',
    warehouseSettings: wh.settings,
    warehouseSecrets: wh.secrets,
    storeKind: store?.kind ?? '',
    storeSettings: st.settings,
    storeSecrets: st.secrets,
  }
}
