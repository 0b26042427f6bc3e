import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NDataTable } from 'naive-ui'

vi.mock('@/bridge/inventory', () => ({ inventoryApi: { page: vi.fn() } }))
import { inventoryApi } from '@/bridge/inventory'
import InventoryTable from '@/components/inventory/InventoryTable.vue'
import { useInventoryStore } from '@/stores/inventory'
import { inventoryColumns } from '@/components/inventory/columns'
import { item, page } from './fixtures'

const api = vi.mocked(inventoryApi)
const scrolled = (scrollTop: number) => ({ target: { scrollHeight: 12_000, clientHeight: 600, scrollTop } })

describe('InventoryTable', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('asks for the next page only when the user nears the end', async () => {
    api.page.mockResolvedValueOnce(page(['A', 'B'], 'after-B', 4)).mockResolvedValueOnce(page(['C', 'D'], '', 4))
    await useInventoryStore().open(1)
    const w = mount(InventoryTable)
    const table = w.findComponent(NDataTable)
    table.vm.$emit('scroll', scrolled(2_000))
    await flushPromises()
    expect(api.page).toHaveBeenCalledTimes(1)
    table.vm.$emit('scroll', scrolled(10_500))
    await flushPromises()
    expect(api.page).toHaveBeenCalledTimes(2)
    expect(api.page.mock.calls[1]![0].after).toBe('after-B')
    expect(w.find('[data-testid="inventory-footer"]').text()).toContain('Showing 4 of 4 SKUs')
  })

  it('sorts in Go by the clicked column, and back to SKU when sorting is cleared', async () => {
    api.page.mockResolvedValue(page(['A']))
    await useInventoryStore().open(1)
    const w = mount(InventoryTable)
    const table = w.findComponent(NDataTable)
    table.vm.$emit('update:sorter', { columnKey: 'warehouseQty', order: 'descend', sorter: true })
    await flushPromises()
    expect(api.page.mock.calls[1]![0]).toMatchObject({ sortBy: 'warehouseQty', desc: true, after: '' })
    table.vm.$emit('update:sorter', { columnKey: 'warehouseQty', order: false, sorter: true })
    await flushPromises()
    expect(api.page.mock.calls[2]![0]).toMatchObject({ sortBy: 'sku', desc: false })
  })

  it('tells how to fill an empty inventory, and how to widen a search that matched nothing', async () => {
    api.page.mockResolvedValue(page([]))
    const inv = useInventoryStore()
    await inv.open(1)
    const w = mount(InventoryTable)
    await flushPromises()
    expect(w.find('[data-testid="inventory-empty"]').text()).toContain('Update inventory')
    await inv.setSearch('zzz')
    await flushPromises()
    expect(w.find('[data-testid="inventory-empty"]').text()).toContain('No SKUs match')
  })

  it('sends a never-synced connection to a full update, and says it is syncing while a run is in flight', async () => {
    api.page.mockResolvedValue(page([]))
    await useInventoryStore().open(1)
    const w = mount(InventoryTable, { props: { neverSynced: true, running: false } })
    await flushPromises()
    const empty = () => w.find('[data-testid="inventory-empty"]').text()
    expect(empty()).toContain('Start with Actions → Full inventory update')
    expect(empty()).not.toContain('Choose Actions → Update inventory')
    await w.setProps({ running: true })
    expect(empty()).toContain('Syncing')
    expect(empty()).not.toContain('Full inventory update')
    await w.setProps({ neverSynced: false, running: false })
    expect(empty()).toContain('Choose Actions → Update inventory')
  })

  it('gives every SKU that needs attention its reason, and says so when none does', async () => {
    api.page.mockResolvedValueOnce(page(['A'])).mockResolvedValueOnce(page([])).mockResolvedValueOnce(page([]))
    const inv = useInventoryStore()
    await inv.open(1)
    const w = mount(InventoryTable)
    const titles = () => (w.findComponent(NDataTable).props('columns') as { title?: string }[]).map((c) => c.title)
    expect(titles()).not.toContain('Reason')
    await inv.setState('attention')
    await flushPromises()
    expect(titles()).toContain('Reason')
    expect(w.find('[data-testid="inventory-empty"]').text()).toContain('No SKU needs attention')
    await inv.setState('drifted')
    await flushPromises()
    expect(titles()).toContain('Reason')
  })

  it('tags a bundle\'s row Bundle beside the recipe it is named after; a warehouse SKU has no tag', () => {
    const cols = inventoryColumns('sku', false, { wide: true, reasons: false, now: new Date() })
    const product = cols.find((c) => 'key' in c && c.key === 'name') as unknown as { render: (r: ReturnType<typeof item>) => unknown }
    const cell = (row: ReturnType<typeof item>) => mount({ render: () => product.render(row) })
    const recipe = [{ sku: 'MUG', qty: 2 }, { sku: 'TEA', qty: 1 }]
    const kit = cell({ ...item('GIFTBOX'), name: 'Bundle: 2 × Stoneware Mug + 1 × TEA', bundle: recipe })
    expect(kit.find('[data-testid="bundle-tag"]').text()).toBe('Bundle')
    expect(kit.text()).toContain('2 × Stoneware Mug + 1 × TEA')
    // Go names it "Bundle: …" for the CLI and the store; beside the tag the word is said once.
    expect(kit.text()).not.toContain('Bundle:')
    // Before a sync names it, the recipe by SKU.
    expect(cell({ ...item('GIFTBOX'), name: '', bundle: recipe }).text()).toContain('2 × MUG + 1 × TEA')
    const mug = cell({ ...item('MUG'), name: 'Mug' })
    expect(mug.find('[data-testid="bundle-tag"]').exists()).toBe(false)
    expect(mug.text()).toBe('Mug')
  })

  it('gives a failed SKU\'s state one tooltip, its error, and not the browser\'s own beside it', async () => {
    const cols = inventoryColumns('sku', false, { wide: true, reasons: false, now: new Date() })
    const state = cols.find((c) => 'key' in c && c.key === 'state') as unknown as { render: (r: ReturnType<typeof item>) => unknown }
    const cell = (row: ReturnType<typeof item>) => mount({ render: () => state.render(row) })
    // In WebKitGTK a title draws a second, native tooltip over Naive UI's.
    const failed = cell({ ...item('A', 'failed'), error: 'The store refused the update.' })
    expect(failed.find('[title]').exists()).toBe(false)
    expect(cell(item('B', 'not_tracked')).find('[title]').attributes('title')).toBe('Not tracked in the store')
  })

  it('shows beside a store quantity the store changed itself when ShelfSync saw it', () => {
    const now = new Date('2026-12-02T11:00:00Z')
    const cols = inventoryColumns('sku', false, { wide: true, reasons: false, now })
    const store = cols.find((c) => 'key' in c && c.key === 'storeQty') as unknown as { render: (r: ReturnType<typeof item>) => unknown }
    const cell = (row: ReturnType<typeof item>) => mount({ render: () => store.render(row) }).text()
    const moved = { ...item('A', 'drifted'), storeQty: 1, storeSeenAt: '2026-12-02T10:57:00Z' }
    expect(cell(moved)).toBe('seen 3 minutes ago 1')
    expect(cell({ ...item('B'), storeQty: 5 })).toBe('5')
  })
})
