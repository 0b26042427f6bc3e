import { h } from 'vue'
import { NTag, NTooltip, type DataTableColumns } from 'naive-ui'
import { attentionStates, type InventoryItem, type SortKey } from '@/bridge/types'
import { bundleName, bundleWord } from '@/lib/bundles'
import { dateTime, itemReason, itemState, qty, relativeTime, statesOf, type StateFilter } from '@/lib/format'

export type SortOrder = 'ascend' | 'descend' | false

const sortable: ReadonlySet<string> = new Set<SortKey>([
  'sku',
  'name',
  'warehouseQty',
  'storeQty',
  'warehouseUpdatedAt',
  'lastSyncedAt',
])

export function isSortKey(key: unknown): key is SortKey {
  return typeof key === 'string' && sortable.has(key)
}

function stateTag(row: InventoryItem) {
  const s = itemState(row.state)
  // A long label ("Not tracked in the store") ends in an ellipsis inside
  // its column instead of running over the product's name; the title
  // gives it whole. A SKU with an error has one tooltip, the error with
  // its label: in WebKitGTK a title draws a second, native one beside it.
  const tag = (title?: string) => h(NTag, { size: 'small', type: s.type, bordered: false, round: true, class: 'state-tag', title }, () => s.label)
  if (!row.error) return tag(s.label)
  return h(NTooltip, null, { trigger: () => tag(), default: () => `${s.label}: ${row.error}` })
}

/**
 * The product's name; a bundle's listing is tagged "Bundle", then its
 * recipe in product names (bundleName), whole on hover like any long name.
 * No tooltip of its own: it would open over the cell's.
 */
function productCell(row: InventoryItem) {
  if (!row.bundle?.length) return row.name
  return h('span', { class: 'product-bundle' }, [
    h(NTag, { size: 'small', bordered: false, type: 'info', class: 'bundle-tag', 'data-testid': 'bundle-tag' }, () => bundleWord),
    bundleName(row.name, row.bundle),
  ])
}

/** Below this window width the date columns fold away (a laptop at 1024 px). */
export const wideWindow = 1200

/** Filters whose rows need a sentence saying why: the Reason column shows with them. */
export function showsReasons(filter: StateFilter | ''): boolean {
  return filter !== '' && statesOf(filter).every((s) => attentionStates.includes(s))
}

/** A SKU's quantity at each store location ("Main shop 87 · Pop-up 43"), with the details on hover. */
function byLocation(row: InventoryItem, names: Record<string, string>) {
  if (!row.locations?.length) return ''
  const name = (id: string) => names[id] ?? id
  // In the store's order (the primary first), as Settings lists them.
  const order = Object.keys(names)
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length)
  const locations = [...row.locations].sort((a, b) => rank(a.location) - rank(b.location))
  const text = locations.map((l) => `${name(l.location)} ${qty(l.publishedQty)}`).join(' · ')
  const details = locations
    .map((l) => `${name(l.location)}: warehouse ${l.warehouseQty}, published ${qty(l.publishedQty)}, store ${qty(l.storeQty)}, ${itemState(l.state).label.toLowerCase()}`)
    .join('\n')
  return h('span', { title: details, 'data-testid': 'inventory-by-location' }, text)
}

export interface ColumnOptions {
  /** The window is at least wideWindow px wide: show the date columns. */
  wide: boolean
  /** A state with reasons is filtered: show the Reason column. */
  reasons: boolean
  /**
   * Store location names by id, on a connection whose map writes several
   * locations: show each SKU's breakdown by location. Null otherwise.
   */
  locations?: Record<string, string> | null
  /** The page's clock, for "seen 3 minutes ago". */
  now: Date
}

/**
 * The store's quantity; when ShelfSync saw the store change it by itself
 * (a sale, a hand edit), when it saw that, on the same line so rows keep
 * one height for the virtual scroll.
 */
function storeCell(r: InventoryItem, now: Date) {
  if (!r.storeSeenAt) return qty(r.storeQty)
  return h('span', { class: 'store-seen', title: `Seen in the store ${dateTime(r.storeSeenAt)}` }, [
    h('span', { class: 'ago' }, `seen ${relativeTime(r.storeSeenAt, now)}`),
    ' ',
    qty(r.storeQty),
  ])
}

/**
 * The Inventory table's columns; the sort shown is the one Go applied.
 * What a merchant looks for first sits left: the SKU, its state, the
 * product; the dates come last and fold away in a narrow window.
 */
export function inventoryColumns(sortBy: SortKey, desc: boolean, opts: ColumnOptions): DataTableColumns<InventoryItem> {
  const order = (key: SortKey): SortOrder => (sortBy === key ? (desc ? 'descend' : 'ascend') : false)
  const cols: DataTableColumns<InventoryItem> = [
    { title: 'SKU', key: 'sku', width: 160, fixed: 'left', sorter: true, sortOrder: order('sku'), ellipsis: { tooltip: true } },
    { title: 'State', key: 'state', width: 160, render: stateTag },
    { title: 'Product', key: 'name', minWidth: opts.reasons ? 160 : 200, sorter: true, sortOrder: order('name'), ellipsis: { tooltip: true }, render: productCell },
    {
      title: 'Warehouse',
      key: 'warehouseQty',
      width: 115,
      align: 'right',
      sorter: true,
      sortOrder: order('warehouseQty'),
      render: (r) => qty(r.warehouseQty),
    },
    { title: 'Published', key: 'publishedQty', width: 95, align: 'right', render: (r) => qty(r.publishedQty) },
    {
      title: 'Store',
      key: 'storeQty',
      width: 165,
      align: 'right',
      sorter: true,
      sortOrder: order('storeQty'),
      render: (r) => storeCell(r, opts.now),
    },
  ]
  if (opts.locations) {
    const names = opts.locations
    cols.push({ title: 'By location', key: 'locations', minWidth: 280, ellipsis: true, render: (r) => byLocation(r, names) })
  }
  if (opts.reasons) {
    cols.push({ title: 'Reason', key: 'reason', minWidth: 200, render: (r) => itemReason(r) })
  }
  if (opts.wide) {
    cols.push(
      {
        title: 'Warehouse changed',
        key: 'warehouseUpdatedAt',
        width: 175,
        sorter: true,
        sortOrder: order('warehouseUpdatedAt'),
        render: (r) => dateTime(r.warehouseUpdatedAt),
      },
      {
        title: 'Last synced',
        key: 'lastSyncedAt',
        width: 155,
        sorter: true,
        sortOrder: order('lastSyncedAt'),
        render: (r) => dateTime(r.lastSyncedAt),
      },
    )
  }
  return cols
}

/** The width the columns need: the table scrolls sideways only below it. */
export function columnsWidth(cols: DataTableColumns<InventoryItem>): number {
  return cols.reduce((sum, c) => sum + Number(('width' in c && c.width) || ('minWidth' in c && c.minWidth) || 0), 0)
}
