import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h } from 'vue'

vi.mock('@/bridge/app', () => ({ appApi: { dataDir: vi.fn(() => Promise.resolve('/data')) } }))
import GeneralSettings from '@/components/settings/GeneralSettings.vue'
import { connection } from './fixtures'

describe('delete-connection dialog', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    document.body.innerHTML = ''
  })

  it('puts Keep it and Delete connection apart, at the right, in that order', async () => {
    const w = mount(defineComponent({ render: () => h(GeneralSettings, { connection: connection() }) }), {
      attachTo: document.body,
    })
    await flushPromises()
    ;(document.querySelector('[data-testid="settings-delete"]') as HTMLElement).click()
    await flushPromises()
    const actions = document.querySelector<HTMLElement>('[data-testid="delete-actions"]')!
    expect(actions).not.toBeNull()
    expect(actions.style.justifyContent).toBe('flex-end')
    // n-space wraps each child and puts its gap on the wrappers.
    const items = [...actions.children] as HTMLElement[]
    expect(items.map((i) => i.textContent?.trim())).toEqual(['Keep it', 'Delete connection'])
    expect(items[0]!.style.marginRight).toBe('12px')
    w.unmount()
  })
})
