import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/bridge/connections', () => ({
  connectionsApi: { kinds: vi.fn(), list: vi.fn(), get: vi.fn(), test: vi.fn(), create: vi.fn(), trustHostKey: vi.fn() },
}))
vi.mock('@/bridge/sync', () => ({ syncApi: { start: vi.fn(), startConfirmed: vi.fn(), running: vi.fn() } }))
import { connectionsApi } from '@/bridge/connections'
import { syncApi } from '@/bridge/sync'
import AddConnectionWizard from '@/components/connections/AddConnectionWizard.vue'
import { useNavStore } from '@/stores/nav'
import { useProgressStore } from '@/stores/progress'
import { connection, noShortName } from './fixtures'

const api = vi.mocked(connectionsApi)

// The wizard is a teleported modal: mount it open inside a message provider
// and find its parts in the document.
function open(): VueWrapper {
  const Host = defineComponent({
    setup: () => () => h(AddConnectionWizard, { show: true }),
  })
  return mount(Host, { attachTo: document.body })
}
const $ = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
async function click(id: string) {
  const el = $(id)
  if (!el) throw new Error(`no ${id}`)
  el.click()
  await flushPromises()
  await nextTick()
}
async function type(id: string, value: string) {
  const el = $(id) as HTMLInputElement
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  await nextTick()
}
const ok = { ok: true, summary: 'Read 500 SKUs', sample: ['A'], count: 500 }

describe('Add connection wizard', () => {
  let w: VueWrapper | undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.kinds.mockResolvedValue([
      { kind: 'demo', side: 'warehouse', label: 'Demo warehouse', fields: [], limits: [], shortName: noShortName },
      {
        kind: 'shopify',
        side: 'store',
        label: 'Shopify',
        fields: [
          { key: 'shop', label: 'Shop domain', placeholder: '', help: '', secret: false, required: true, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' },
          { key: 'token', label: 'Access token', placeholder: '', help: '', secret: true, required: true, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' },
        ],
        limits: [],
        shortName: { field: 'shop', part: 'subdomain', format: '{} (Shopify)', empty: '' },
      },
    ])
  })
  afterEach(() => {
    w?.unmount()
    document.body.innerHTML = ''
  })

  async function toTestStep() {
    w = open()
    await flushPromises()
    await click('wizard-warehouse-demo')
    await click('wizard-store-shopify')
    await click('wizard-next')
    expect($('wizard-to-test')?.hasAttribute('disabled')).toBe(true)
    expect(($('field-store-token') as HTMLInputElement).type).toBe('password')
    await type('field-store-shop', 'my.myshopify.com')
    await type('field-store-token', 'shpat_x')
    await click('wizard-to-test')
  }

  it('creates only after both sides answer, sending secrets apart', async () => {
    await toTestStep()
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(true)
    api.test.mockResolvedValueOnce({ warehouse: ok, store: { ok: false, summary: '', sample: [], count: 0, error: 'Shopify refused the token.' } })
    await click('wizard-test')
    expect(document.body.textContent).toContain('Shopify refused the token.')
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(true)

    api.test.mockResolvedValueOnce({ warehouse: ok, store: ok })
    await click('wizard-test')
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(false)
    api.create.mockResolvedValue(connection({ id: 7, name: 'Demo warehouse → my (Shopify)', demo: false }))
    await click('wizard-create')
    expect(api.create).toHaveBeenCalledWith({
      name: 'Demo warehouse → my (Shopify)',
      warehouseKind: 'demo',
      warehouseSettings: {},
      warehouseSecrets: {},
      storeKind: 'shopify',
      storeSettings: { shop: 'my.myshopify.com' },
      storeSecrets: { token: 'shpat_x' },
    })
    expect($('wizard-first-sync')).not.toBeNull()
  })

  it('offers the first sync as a Full Sync and opens the new connection', async () => {
    await toTestStep()
    api.test.mockResolvedValue({ warehouse: ok, store: ok })
    api.create.mockResolvedValue(connection({ id: 7, name: 'New', demo: false }))
    vi.mocked(syncApi.start).mockResolvedValue(70)
    await click('wizard-test')
    await click('wizard-create')
    await click('wizard-first-sync')
    expect(syncApi.start).toHaveBeenCalledWith(7, 'full')
    expect(useNavStore().view).toEqual({ name: 'connection', id: 7, tab: 'inventory' })
    expect(useProgressStore().forConnection(7)?.runId).toBe(70)
  })

  it('forgets a passed test when a detail changes', async () => {
    await toTestStep()
    api.test.mockResolvedValue({ warehouse: ok, store: ok })
    await click('wizard-test')
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(false)
    // Back to details, change the shop, come back: the old test no longer counts.
    document.querySelectorAll<HTMLElement>('button').forEach((b) => {
      if (b.textContent?.trim() === 'Back') b.click()
    })
    await nextTick()
    await type('field-store-shop', 'other.myshopify.com')
    await click('wizard-to-test')
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(true)
  })
})

describe('Add connection wizard with an SFTP feed', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.kinds.mockResolvedValue([
      { kind: 'csvfeed', side: 'warehouse', label: 'CSV feed', fields: [{ key: 'url', label: 'Feed', placeholder: '', help: '', secret: false, required: true, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' }], limits: [], shortName: noShortName },
      { kind: 'demo', side: 'store', label: 'Demo store', fields: [], limits: [], shortName: noShortName },
    ])
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('trusts the server key the test met, then tests again', async () => {
    const w = open()
    await flushPromises()
    await click('wizard-warehouse-csvfeed')
    await click('wizard-store-demo')
    await click('wizard-next')
    await type('field-warehouse-url', 'sftp://feeds.example.com/stock.csv')
    await click('wizard-to-test')
    const fp = 'SHA256:abc123'
    vi.mocked(connectionsApi.trustHostKey).mockResolvedValue(undefined)
    api.test
      .mockResolvedValueOnce({ warehouse: { ok: false, summary: '', sample: [], count: 0, error: 'Unknown host key.', hostKeyFingerprint: fp }, store: ok })
      .mockResolvedValueOnce({ warehouse: ok, store: ok })
    await click('wizard-test')
    expect($('hostkey-fingerprint')?.textContent).toBe(fp)
    await click('hostkey-trust')
    await flushPromises()
    expect(connectionsApi.trustHostKey).toHaveBeenCalledWith(fp)
    expect(api.test).toHaveBeenCalledTimes(2)
    expect($('hostkey')).toBeNull()
    expect($('wizard-create')?.hasAttribute('disabled')).toBe(false)
    w.unmount()
  })
})
