import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, type VNode } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NSelect } from 'naive-ui'

vi.mock('@/bridge/locations', () => ({ locationsApi: { map: vi.fn(), setFeed: vi.fn(), reset: vi.fn() } }))
const refresh = vi.fn()
vi.mock('@/stores/connections', () => ({ useConnectionsStore: () => ({ refresh }) }))
import { locationsApi } from '@/bridge/locations'
import type { LocationMap } from '@/bridge/types'
import LocationSettings from '@/components/settings/LocationSettings.vue'
import { inventoryColumns } from '@/components/inventory/columns'
import { connection, item } from './fixtures'

const api = vi.mocked(locationsApi)

const demoMap = (feeds: Record<string, string[]>, isDefault = false): LocationMap => ({
  connectionId: 1,
  default: isDefault,
  locations: [
    { id: 'shop', name: 'Main shop', primary: true },
    { id: 'popup', name: 'Pop-up store', primary: false },
  ],
  facilities: [
    { id: 'east', name: 'East fulfillment center', primary: false },
    { id: 'west', name: 'West fulfillment center', primary: false },
  ],
  feeds: [
    { location: 'shop', facilities: feeds.shop ?? [] },
    { location: 'popup', facilities: feeds.popup ?? [] },
  ],
})

function mountCard() {
  return mount(defineComponent({ render: () => h(LocationSettings, { connection: connection() }) }), {
    attachTo: document.body,
  })
}

// The card mounts a table of selects, whose first mount (Naive UI's
// components and styles) takes seconds on a loaded machine.
describe('the Stock locations card', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
  })

  it('asks both sides only when the merchant asks, then saves only the location that changed', async () => {
    api.map.mockResolvedValue(demoMap({ shop: ['*'] }, true))
    api.setFeed.mockResolvedValue(demoMap({ shop: ['*'], popup: ['west'] }))
    const w = mountCard()
    await flushPromises()
    expect(api.map).not.toHaveBeenCalled()
    await w.find('[data-testid="locations-ask"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="locations-default"]').text()).toContain('Main shop')
    const selects = w.findAllComponents(NSelect)
    expect(selects.map((s) => s.props('value'))).toEqual([['*'], []])
    selects[1]!.vm.$emit('update:value', ['west'])
    await flushPromises()
    await w.find('[data-testid="locations-save"]').trigger('click')
    await flushPromises()
    expect(api.setFeed.mock.calls).toEqual([[1, 'popup', ['west']]])
    expect(refresh).toHaveBeenCalledWith(1)
    expect(w.find('[data-testid="locations-default"]').exists()).toBe(false)
    w.unmount()
  })

  it('says why when the store cannot be asked', async () => {
    api.map.mockRejectedValue(new Error('The access token was refused'))
    const w = mountCard()
    await w.find('[data-testid="locations-ask"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="locations-error"]').text()).toContain('access token was refused')
    w.unmount()
  })
})

describe('the By location column', () => {
  const names = { shop: 'Main shop', popup: 'Pop-up store' }
  const row = {
    ...item('MUG'),
    locations: [
      { location: 'popup', warehouseQty: 3, publishedQty: 3, storeQty: 3, state: 'in_sync' as const },
      { location: 'shop', warehouseQty: 5, publishedQty: 5, storeQty: 4, state: 'changed' as const },
    ],
  }

  it('shows only on a connection whose map writes several locations', () => {
    const keys = (locations: Record<string, string> | null) =>
      inventoryColumns('sku', false, { wide: false, reasons: false, locations, now: new Date() }).map((c) => ('key' in c ? c.key : ''))
    expect(keys(null)).not.toContain('locations')
    expect(keys(names)).toContain('locations')
  })

  it('lists each location by name, in the store order, the primary first', () => {
    const col = inventoryColumns('sku', false, { wide: false, reasons: false, locations: names, now: new Date() }).find((c) => 'key' in c && c.key === 'locations')
    const cell = (col as unknown as { render: (r: typeof row) => VNode }).render(row)
    expect(cell.children).toBe('Main shop 5 · Pop-up store 3')
    expect(String(cell.props?.title)).toContain('Main shop: warehouse 5, published 5, store 4, changed')
  })
})
