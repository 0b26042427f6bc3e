import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/bridge/app', () => ({ appApi: { notices: vi.fn() } }))
import { appApi } from '@/bridge/app'
import { usePrefsStore } from '@/stores/prefs'
import StartupNotices from '@/components/StartupNotices.vue'
import { toastsShown } from './toasts'

const api = vi.mocked(appApi)
const damaged = 'The database was damaged, so ShelfSync set it aside and started a new one; add your connections again.'
const noKeyring = 'This computer has no keyring, so ShelfSync keeps your secrets in a file readable only by you.'

function mountNotices() {
  return mount(StartupNotices, { attachTo: document.body })
}

describe('startup notices', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    document.body.innerHTML = ''
  })

  it('asks Go for the notices only once per window', async () => {
    api.notices.mockResolvedValue([damaged])
    const s = usePrefsStore()
    expect(await s.loadNotices()).toEqual([damaged])
    expect(await s.loadNotices()).toEqual([])
    expect(api.notices).toHaveBeenCalledTimes(1)
  })

  it('treats a null list or a failed call as no notices', async () => {
    api.notices.mockResolvedValue(null)
    expect(await usePrefsStore().loadNotices()).toEqual([])
    setActivePinia(createPinia())
    api.notices.mockRejectedValue('boom')
    expect(await usePrefsStore().loadNotices()).toEqual([])
  })

  it('shows each sentence as a warning that stays until the user closes it', async () => {
    vi.useFakeTimers()
    try {
      api.notices.mockResolvedValue([damaged, noKeyring])
      const w = mountNotices()
      await flushPromises()
      await toastsShown()
      await vi.advanceTimersByTimeAsync(60_000) // no timer may take them away
      const shown = [...document.body.querySelectorAll('.n-notification')]
      expect(shown.map((n) => n.textContent)).toEqual([expect.stringContaining(damaged), expect.stringContaining(noKeyring)])
      expect(shown.every((n) => n.classList.contains('n-notification--closable'))).toBe(true)
      w.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('shows nothing when Go has nothing to say', async () => {
    api.notices.mockResolvedValue([])
    const w = mountNotices()
    await flushPromises()
    await toastsShown()
    expect(document.body.querySelectorAll('.n-notification')).toHaveLength(0)
    w.unmount()
  })
})
