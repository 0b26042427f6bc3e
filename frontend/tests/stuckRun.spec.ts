import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/bridge/sync', () => ({ syncApi: { stuckRuns: vi.fn(), clearStuck: vi.fn(), start: vi.fn() } }))
vi.mock('@/bridge/inventory', () => ({ inventoryApi: { page: vi.fn() } }))
import { syncApi } from '@/bridge/sync'
import { inventoryApi } from '@/bridge/inventory'
import InventoryTab from '@/components/inventory/InventoryTab.vue'
import { connection, page } from './fixtures'
import { toastsShown } from './toasts'

const sync = vi.mocked(syncApi)
const stuck = { runId: 9, startedAt: '2026-12-01T03:00:00Z', host: 'old-laptop', pid: 4242 }

function mountTab() {
  return mount(defineComponent({ render: () => h(InventoryTab, { connection: connection() }) }), { attachTo: document.body })
}

describe('a stuck sync in the Inventory tab', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    vi.mocked(inventoryApi).page.mockResolvedValue(page([]))
  })

  it('names the computer it was left on and clears it on request', async () => {
    sync.stuckRuns.mockResolvedValue([stuck])
    sync.clearStuck.mockResolvedValue([stuck])
    const w = mountTab()
    await flushPromises()
    expect(w.find('[data-testid="stuck-alert"]').text()).toContain('old-laptop')
    await w.find('[data-testid="stuck-clear"]').trigger('click')
    await flushPromises()
    expect(sync.clearStuck).toHaveBeenCalledWith(connection().id)
    expect(w.find('[data-testid="stuck-alert"]').exists()).toBe(false)
    await toastsShown()
    expect(document.body.textContent).toContain('The stuck sync is cleared; you can update inventory again.')
    w.unmount()
  })

  it('shows nothing when no sync is stuck', async () => {
    sync.stuckRuns.mockResolvedValue([])
    const w = mountTab()
    await flushPromises()
    expect(w.find('[data-testid="stuck-alert"]').exists()).toBe(false)
    w.unmount()
  })
})
