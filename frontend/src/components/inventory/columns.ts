import { h } from 'vue'
import { NTag, NTooltip, type DataTableColumns } from 'naive-ui'
import type { InventoryItem, SortKey } from '@/bridge/types'
import { dateTime, itemState, qty } from '@/lib/format'

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
  const tag = h(NTag, { size: 'small', type: s.type, bordered: false, round: true }, () => s.label)
  if (!row.error) return tag
  return h(NTooltip, null, { trigger: () => tag, default: () => row.error })
}

/** The Inventory table's columns; the sort shown is the one Go applied. */
export function inventoryColumns(sortBy: SortKey, desc: boolean): DataTableColumns<InventoryItem> {
  const order = (key: SortKey): SortOrder => (sortBy === key ? (desc ? 'descend' : 'ascend') : false)
  return [
    { title: 'SKU', key: 'sku', width: 160, sorter: true, sortOrder: order('sku'), ellipsis: { tooltip: true } },
    { title: 'Product', key: 'name', minWidth: 220, sorter: true, sortOrder: order('name'), ellipsis: { tooltip: true } },
    {
      title: 'Warehouse',
      key: 'warehouseQty',
      width: 130,
      align: 'right',
      sorter: true,
      sortOrder: order('warehouseQty'),
      render: (r) => qty(r.warehouseQty),
    },
    { title: 'Published', key: 'publishedQty', width: 105, align: 'right', render: (r) => qty(r.publishedQty) },
    {
      title: 'Store',
      key: 'storeQty',
      width: 100,
      align: 'right',
      sorter: true,
      sortOrder: order('storeQty'),
      render: (r) => qty(r.storeQty),
    },
    {
      title: 'Warehouse changed',
      key: 'warehouseUpdatedAt',
      width: 190,
      sorter: true,
      sortOrder: order('warehouseUpdatedAt'),
      render: (r) => dateTime(r.warehouseUpdatedAt),
    },
    {
      title: 'Last synced',
      key: 'lastSyncedAt',
      width: 165,
      sorter: true,
      sortOrder: order('lastSyncedAt'),
      render: (r) => dateTime(r.lastSyncedAt),
    },
    { title: 'State', key: 'state', width: 115, render: stateTag },
  ]
}
