import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { Component } from 'vue'

vi.mock('@/bridge/app', () => ({
  appApi: {
    paused: vi.fn(),
    setPaused: vi.fn(),
    notifyPolicy: vi.fn(),
    setNotifyPolicy: vi.fn(),
    startAtLogin: vi.fn(),
    setStartAtLogin: vi.fn(),
  },
}))
import { appApi } from '@/bridge/app'
import { usePrefsStore } from '@/stores/prefs'
import PreferencesForm from '@/components/prefs/PreferencesForm.vue'
import PausedBanner from '@/components/prefs/PausedBanner.vue'
import { toastsShown } from './toasts'

const api = vi.mocked(appApi)
const byTestId = (id: string) => `[data-testid="${id}"]`

/** Mounts a component attached to the document, where its messages land too. */
function mountWithMessages(c: Component) {
  return mount(c, { attachTo: document.body })
}


describe('Preferences', () => {
  beforeEach(async () => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    document.body.innerHTML = ''
    api.paused.mockResolvedValue(false)
    api.notifyPolicy.mockResolvedValue('always')
    api.startAtLogin.mockResolvedValue(false)
    await usePrefsStore().load()
  })

  it('shows the four notification choices with the stored one selected, and saves another', async () => {
    api.notifyPolicy.mockResolvedValue('failures')
    await usePrefsStore().load()
    const w = mountWithMessages(PreferencesForm)
    await flushPromises()
    const labels = w.findAll(`${byTestId('pref-notify-policy')} .n-radio`).map((r) => r.text())
    expect(labels).toEqual(['Only for changes and failures', 'After every sync', 'Only when something failed', 'Never'])
    expect((w.find(`${byTestId('pref-notify-failures')} input`).element as HTMLInputElement).checked).toBe(true)
    await w.find(`${byTestId('pref-notify-never')} input`).trigger('change')
    await flushPromises()
    expect(api.setNotifyPolicy).toHaveBeenCalledWith('never')
    expect(usePrefsStore().notifyPolicy).toBe('never')
    w.unmount()
  })

  it('says in a sentence why a choice could not be saved', async () => {
    api.setNotifyPolicy.mockRejectedValue('the notification setting could not be saved; check that the data folder is writable')
    const w = mountWithMessages(PreferencesForm)
    await w.find(`${byTestId('pref-notify-never')} input`).trigger('change')
    await toastsShown()
    expect(document.body.textContent).toContain('The notification setting could not be saved; check that the data folder is writable')
    expect(usePrefsStore().notifyPolicy).toBe('always')
    w.unmount()
  })

  it('pauses automatic sync and turns on start at login from their switches', async () => {
    const w = mountWithMessages(PreferencesForm)
    await w.find(byTestId('pref-paused')).trigger('click')
    await flushPromises()
    expect(api.setPaused).toHaveBeenCalledWith(true)
    expect(w.find(byTestId('pref-paused')).attributes('aria-checked')).toBe('true')
    await w.find(byTestId('pref-start-at-login')).trigger('click')
    await flushPromises()
    expect(api.setStartAtLogin).toHaveBeenCalledWith(true)
    w.unmount()
  })

  it('explains beside the choices when this desktop cannot show notifications', async () => {
    const w = mountWithMessages(PreferencesForm)
    expect(w.find(byTestId('pref-notify-unavailable')).exists()).toBe(false)
    usePrefsStore().noteNotifyUnavailable('No notification service is running here.')
    await flushPromises()
    expect(w.find(byTestId('pref-notify-unavailable')).text()).toBe('No notification service is running here.')
    w.unmount()
  })
})

describe('PausedBanner', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    document.body.innerHTML = ''
  })

  it('appears only while automatic sync is paused, and Resume turns it back on', async () => {
    const w = mountWithMessages(PausedBanner)
    expect(w.find(byTestId('paused-banner')).exists()).toBe(false)
    usePrefsStore().applyScheduleChanged({ connectionId: 1, nextRunAt: null, paused: true })
    await flushPromises()
    expect(w.find(byTestId('paused-banner')).text()).toContain('Automatic sync is paused')
    await w.find(byTestId('paused-resume')).trigger('click')
    await flushPromises()
    expect(api.setPaused).toHaveBeenCalledWith(false)
    expect(w.find(byTestId('paused-banner')).exists()).toBe(false)
    w.unmount()
  })

  it('says why, when Go resumed but could not remember it, and shows what Go holds', async () => {
    api.setPaused.mockRejectedValue('automatic sync is on, but ShelfSync could not remember it after a restart; check that the data folder is writable')
    api.paused.mockResolvedValue(false)
    usePrefsStore().applyScheduleChanged({ connectionId: 1, nextRunAt: null, paused: true })
    const w = mountWithMessages(PausedBanner)
    await w.find(byTestId('paused-resume')).trigger('click')
    await toastsShown()
    expect(document.body.textContent).toContain('Automatic sync is on, but ShelfSync could not remember it after a restart')
    expect(api.paused).toHaveBeenCalled()
    expect(w.find(byTestId('paused-banner')).exists()).toBe(false)
    w.unmount()
  })
})
