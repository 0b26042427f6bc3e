import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h } from 'vue'

vi.mock('@/bridge/transport', () => ({ currentTransport: () => 'http' }))
vi.mock('@/bridge/app', () => ({ appApi: { paused: vi.fn(), notifyPolicy: vi.fn(), startAtLogin: vi.fn() } }))
import PreferencesForm from '@/components/prefs/PreferencesForm.vue'

describe('Preferences in a browser against shelfsync serve', () => {
  it('offers the pause, and neither desktop notifications nor start at login', async () => {
    setActivePinia(createPinia())
    const w = mount(defineComponent({ render: () => h(PreferencesForm) }))
    await flushPromises()
    expect(w.find('[data-testid="pref-paused"]').exists()).toBe(true)
    expect(w.find('[data-testid="pref-notify-policy"]').exists()).toBe(false)
    expect(w.find('[data-testid="pref-start-at-login"]').exists()).toBe(false)
    w.unmount()
  })
})
