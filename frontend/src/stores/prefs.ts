import { defineStore } from 'pinia'
import { ref } from 'vue'
import { appApi, type NotifyPolicy } from '@/bridge/app'
import type { ScheduleChanged } from '@/bridge/types'
import { errorText } from '@/lib/errors'

/**
 * The app-wide preferences that live on Go's App: pause of automatic sync
 * (which the tray can also toggle, so schedule:changed keeps it current),
 * the notification policy and starting at login.
 */
export const usePrefsStore = defineStore('prefs', () => {
  const paused = ref(false)
  const notifyPolicy = ref<NotifyPolicy>('changes')
  const startAtLogin = ref(false)
  const loaded = ref(false)
  /** Why the preferences could not be read, as a sentence; '' when they were. */
  const error = ref('')
  /** Go's sentence saying this desktop shows no notifications; '' until it says so. */
  const notifyUnavailable = ref('')
  /** Go's startup notices, read once per window (see loadNotices). */
  const notices = ref<string[]>([])
  let noticesAsked = false

  async function load(): Promise<void> {
    const [p, n, s] = await Promise.allSettled([appApi.paused(), appApi.notifyPolicy(), appApi.startAtLogin()])
    if (p.status === 'fulfilled') paused.value = !!p.value
    if (n.status === 'fulfilled' && n.value) notifyPolicy.value = n.value
    if (s.status === 'fulfilled') startAtLogin.value = !!s.value
    const failed = [p, n, s].find((r) => r.status === 'rejected')
    error.value = failed ? errorText(failed.reason) : ''
    loaded.value = true
  }

  /**
   * Reads App.Notices the first time it is called and returns the sentences
   * to show; later calls return [] so a remounted shell does not repeat them.
   * A failure to read them is not worth a message of its own: it returns [].
   */
  async function loadNotices(): Promise<string[]> {
    if (noticesAsked) return []
    noticesAsked = true
    const list = await appApi.notices().catch(() => null)
    notices.value = (list ?? []).filter((s) => typeof s === 'string' && s.trim() !== '')
    return notices.value
  }

  async function setPaused(next: boolean): Promise<void> {
    try {
      await appApi.setPaused(next)
      paused.value = next
    } catch (e) {
      // Go changes the scheduler before it saves the choice, so a failure
      // can leave sync paused all the same: show what actually holds.
      paused.value = await appApi.paused().catch(() => paused.value)
      throw e
    }
  }

  async function setNotifyPolicy(policy: NotifyPolicy): Promise<void> {
    await appApi.setNotifyPolicy(policy)
    notifyPolicy.value = policy
  }

  async function setStartAtLogin(on: boolean): Promise<void> {
    await appApi.setStartAtLogin(on)
    startAtLogin.value = on
  }

  /** Every connection's schedule:changed carries the global pause (the tray may have toggled it). */
  function applyScheduleChanged(ev: ScheduleChanged): void {
    paused.value = ev.paused
  }

  /** Records Go's notify:unavailable sentence; true only the first time, so the window says it once. */
  function noteNotifyUnavailable(sentence: string): boolean {
    const first = notifyUnavailable.value === ''
    if (first) notifyUnavailable.value = sentence || 'ShelfSync cannot show desktop notifications on this computer.'
    return first
  }

  return {
    paused,
    notifyPolicy,
    startAtLogin,
    loaded,
    error,
    notifyUnavailable,
    notices,
    load,
    loadNotices,
    setPaused,
    setNotifyPolicy,
    setStartAtLogin,
    applyScheduleChanged,
    noteNotifyUnavailable,
  }
})
