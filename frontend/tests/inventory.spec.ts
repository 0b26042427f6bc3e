import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { InventoryPage } from '@/bridge/types'

vi.mock('@/bridge/inventory', () => ({ inventoryApi: { page: vi.fn() } }))
import { inventoryApi } from '@/bridge/inventory'
import { inventoryPageSize, useInventoryStore } from '@/stores/inventory'
import { deferred, page, run } from './fixtures'

const api = vi.mocked(inventoryApi)

describe('inventory store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('opens on the first page sorted by SKU with no filter', async () => {
    api.page.mockResolvedValue(page(['A', 'B'], 'cursor-1', 5000, { in_sync: 4990, failed: 10 }))
    const inv = useInventoryStore()
    await inv.open(3)
    expect(api.page).toHaveBeenCalledWith({
      connectionId: 3,
      search: '',
      state: undefined,
      sortBy: 'sku',
      desc: false,
      after: '',
      limit: inventoryPageSize,
    })
    expect(inv.rows.map((r) => r.sku)).toEqual(['A', 'B'])
    expect(inv.total).toBe(5000)
    expect(inv.allCount).toBe(5000)
    expect(inv.hasMore).toBe(true)
  })

  it('appends the next keyset page with the cursor Go gave', async () => {
    api.page.mockResolvedValueOnce(page(['A', 'B'], 'after-B', 3)).mockResolvedValueOnce(page(['C'], '', 3))
    const inv = useInventoryStore()
    await inv.open(1)
    await inv.loadMore()
    expect(api.page.mock.calls[1]![0].after).toBe('after-B')
    expect(inv.rows.map((r) => r.sku)).toEqual(['A', 'B', 'C'])
    expect(inv.hasMore).toBe(false)
    await inv.loadMore()
    expect(api.page).toHaveBeenCalledTimes(2)
  })

  it('asks for one next page at a time while scrolling fast', async () => {
    api.page.mockResolvedValueOnce(page(['A'], 'after-A', 3))
    const inv = useInventoryStore()
    await inv.open(1)
    const slow = deferred<InventoryPage>()
    api.page.mockReturnValueOnce(slow.promise)
    const a = inv.loadMore()
    const b = inv.loadMore()
    slow.resolve(page(['B'], '', 3))
    await Promise.all([a, b])
    expect(api.page).toHaveBeenCalledTimes(2)
    expect(inv.rows.map((r) => r.sku)).toEqual(['A', 'B'])
  })

  it('drops the answer to an older search when a newer one was asked', async () => {
    api.page.mockResolvedValueOnce(page(['A', 'B', 'C']))
    const inv = useInventoryStore()
    await inv.open(1)
    const old = deferred<InventoryPage>()
    api.page.mockReturnValueOnce(old.promise).mockResolvedValueOnce(page(['MUG-1']))
    const first = inv.setSearch('mu')
    const second = inv.setSearch('mug')
    await second
    old.resolve(page(['MU-OLD']))
    await first
    expect(inv.rows.map((r) => r.sku)).toEqual(['MUG-1'])
    expect(api.page.mock.calls[2]![0].search).toBe('mug')
    expect(inv.loading).toBe(false)
  })

  it('filters by state and sorts server-side from the first page', async () => {
    api.page.mockResolvedValue(page(['X'], 'next', 1))
    const inv = useInventoryStore()
    await inv.open(1)
    await inv.setState('failed')
    expect(api.page.mock.calls[1]![0]).toMatchObject({ state: 'failed', after: '' })
    await inv.setSort('warehouseQty', true)
    expect(api.page.mock.calls[2]![0]).toMatchObject({ state: 'failed', sortBy: 'warehouseQty', desc: true, after: '' })
  })

  it('asks Go for every SKU that needs attention as one group of states', async () => {
    api.page.mockResolvedValue(page(['X'], '', 1))
    const inv = useInventoryStore()
    await inv.open(1)
    await inv.setState('attention')
    const q = api.page.mock.calls[1]![0]
    expect(q.group).toBe('attention')
    expect(q.state).toBeUndefined()
    await inv.setState('failed')
    expect(api.page.mock.calls[2]![0]).toMatchObject({ state: 'failed', group: undefined })
  })

  it('keeps filters when reopening the same connection and clears them for another', async () => {
    api.page.mockResolvedValue(page([]))
    const inv = useInventoryStore()
    await inv.open(1)
    await inv.setSearch('oak')
    await inv.open(1)
    expect(inv.search).toBe('oak')
    await inv.open(2)
    expect(inv.search).toBe('')
    expect(api.page.mock.calls.at(-1)![0]).toMatchObject({ connectionId: 2, search: '' })
  })

  it('shows an error as a sentence and keeps the rows it had', async () => {
    api.page.mockResolvedValueOnce(page(['A']))
    const inv = useInventoryStore()
    await inv.open(1)
    api.page.mockRejectedValueOnce('the inventory database is locked; try again in a moment')
    await inv.setState('pending')
    expect(inv.error).toBe('The inventory database is locked; try again in a moment')
    expect(inv.rows.map((r) => r.sku)).toEqual(['A'])
  })

  it('reloads after a run of its own connection only', async () => {
    api.page.mockResolvedValue(page(['A']))
    const inv = useInventoryStore()
    await inv.open(1)
    await inv.applyRunFinished(run({ connectionId: 2 }))
    expect(api.page).toHaveBeenCalledTimes(1)
    await inv.applyRunFinished(run({ connectionId: 1 }))
    expect(api.page).toHaveBeenCalledTimes(2)
  })
})
