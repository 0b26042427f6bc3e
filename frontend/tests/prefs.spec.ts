import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

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

const api = vi.mocked(appApi)

describe('prefs store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.resetAllMocks()
    api.paused.mockResolvedValue(false)
    api.notifyPolicy.mockResolvedValue('always')
    api.startAtLogin.mockResolvedValue(false)
  })

  it('reads all three preferences from Go', async () => {
    api.paused.mockResolvedValue(true)
    api.notifyPolicy.mockResolvedValue('failures')
    api.startAtLogin.mockResolvedValue(true)
    const s = usePrefsStore()
    await s.load()
    expect([s.paused, s.notifyPolicy, s.startAtLogin, s.loaded, s.error]).toEqual([true, 'failures', true, true, ''])
  })

  it('keeps the preferences it could read and says, as a sentence, what went wrong with the rest', async () => {
    api.paused.mockResolvedValue(true)
    api.startAtLogin.mockRejectedValue('the data folder cannot be read; check its permissions')
    const s = usePrefsStore()
    await s.load()
    expect(s.paused).toBe(true)
    expect(s.error).toBe('The data folder cannot be read; check its permissions')
  })

  it('pauses and resumes automatic sync through Go', async () => {
    const s = usePrefsStore()
    await s.setPaused(true)
    expect(api.setPaused).toHaveBeenLastCalledWith(true)
    expect(s.paused).toBe(true)
    await s.setPaused(false)
    expect(s.paused).toBe(false)
  })

  it('shows the pause Go actually holds when remembering it failed', async () => {
    // Go pauses the scheduler first, then fails to save the choice.
    api.setPaused.mockRejectedValue('automatic sync is paused, but ShelfSync could not remember it after a restart')
    api.paused.mockResolvedValue(true)
    const s = usePrefsStore()
    await expect(s.setPaused(true)).rejects.toMatch(/could not remember it/)
    expect(s.paused).toBe(true)
  })

  it('leaves the notification policy as it was when Go refuses the new one', async () => {
    api.setNotifyPolicy.mockRejectedValue('the notification setting could not be saved')
    const s = usePrefsStore()
    await s.load()
    await expect(s.setNotifyPolicy('never')).rejects.toMatch(/could not be saved/)
    expect(s.notifyPolicy).toBe('always')
    api.setNotifyPolicy.mockResolvedValue(undefined)
    await s.setNotifyPolicy('failures')
    expect(api.setNotifyPolicy).toHaveBeenLastCalledWith('failures')
    expect(s.notifyPolicy).toBe('failures')
  })

  it('turns start at login on, and keeps it off when Go cannot', async () => {
    const s = usePrefsStore()
    api.setStartAtLogin.mockRejectedValueOnce('ShelfSync cannot find its own program file, so it cannot start at login; reinstall it')
    await expect(s.setStartAtLogin(true)).rejects.toMatch(/reinstall/)
    expect(s.startAtLogin).toBe(false)
    await s.setStartAtLogin(true)
    expect(s.startAtLogin).toBe(true)
  })

  it('follows a pause toggled elsewhere (the tray) from schedule:changed', () => {
    const s = usePrefsStore()
    s.applyScheduleChanged({ connectionId: 3, nextRunAt: null, paused: true })
    expect(s.paused).toBe(true)
    s.applyScheduleChanged({ connectionId: 3, nextRunAt: '2026-11-26T16:00:00Z', paused: false })
    expect(s.paused).toBe(false)
  })

  it('records that notifications are unavailable once, keeping the first sentence', () => {
    const s = usePrefsStore()
    expect(s.noteNotifyUnavailable('No notification service is running.')).toBe(true)
    expect(s.noteNotifyUnavailable('Something else.')).toBe(false)
    expect(s.notifyUnavailable).toBe('No notification service is running.')
  })
})
