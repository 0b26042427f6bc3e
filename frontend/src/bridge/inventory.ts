import { callGo } from './wails'
import type { InventoryPage, InventoryQuery } from './types'

export const inventoryApi = {
  page: (q: InventoryQuery) => callGo<InventoryPage>('services', 'InventoryService', 'Page', q),
}

export type InventoryApi = typeof inventoryApi
