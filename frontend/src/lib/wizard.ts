// Pure helpers for the Add connection wizard.
import type { Field, Kind, Limit, NamePart, NewConnection } from '@/bridge/types'

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

/**
 * Whether the window may offer its file dialog for this field: the
 * connector describes it as a local file path, and what is typed is not an
 * address (scheme://…) in its place.
 */
export function takesLocalFile(f: Field, values: FieldValues): boolean {
  return f.kind === 'local file path' && !/^[a-z][a-z0-9+.-]*:\/\//i.test((values[f.key] ?? '').trim())
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
  // Read limits are settings too: one raised from the command line stays
  // when the connection is edited here.
  for (const l of kind?.limits ?? []) {
    const v = (values[l.key] ?? '').trim()
    if (v) settings[l.key] = v
  }
  return { settings, secrets }
}

/** What an empty read-limit input means: "2,000,000 rows (the default)". */
export function limitPlaceholder(l: Limit): string {
  return `${l.default.toLocaleString('en-US')} ${l.unit} (the default)`
}

/**
 * A read limit's value, if typed, checked as the merchant types by the
 * bounds and sentence its connector describes (connector.Limit.Value
 * decides on save): a whole number, thousands commas allowed, from min to
 * max. The sentence to show, or ''.
 */
export function limitProblem(l: Limit, values: FieldValues): string {
  const v = (values[l.key] ?? '').trim()
  if (!v) return ''
  const digits = v.replaceAll(',', '')
  const n = /^[0-9]+$/.test(digits) ? Number(digits) : NaN
  return n >= l.min && n <= l.max ? '' : l.problem
}

/** The part of a value that names a side, as the connector's description says (connector.NamePart). */
const nameParts: Record<NamePart, (v: string) => string> = {
  '': (v) => v,
  file: (v) => v.replace(/[?#].*$/, '').replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '',
  subdomain: (v) => hostOf(v).split('.')[0] ?? '',
  host: hostOf,
}

function hostOf(v: string): string {
  return v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? ''
}

/** A side's name in a connection name, as its connector describes it: what the merchant would call it. */
export function shortName(kind: Kind, values: FieldValues): string {
  const { field, part, format, empty } = kind.shortName
  const named = field ? nameParts[part]((values[field] ?? '').trim()) : ''
  if (!named) return empty || kind.label
  return format ? format.replace('{}', named) : named
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
