// Naive UI's side of the window's theme, and its notifications, messages
// and dialogs. Only lazily loaded chunks import this module (NaiveScope,
// lib/toasts.ts): the first page is drawn without Naive UI (theme.ts).
import { computed } from 'vue'
import { createDiscreteApi, darkTheme, type ConfigProviderProps } from 'naive-ui'
import { prefersDark } from './osTheme'
import { darkOverrides, lightOverrides } from '@/theme'

/** The config provider's theme for the desktop's light or dark mode. */
export const naiveConfig = computed<ConfigProviderProps>(() =>
  prefersDark.value ? { theme: darkTheme, themeOverrides: darkOverrides } : { theme: null, themeOverrides: lightOverrides },
)

/**
 * The one place the window's notifications, messages and dialogs are
 * drawn, whichever page asked: outside the component tree, so the first
 * page needs no providers around it.
 */
export function discreteApi() {
  api ??= createDiscreteApi(['message', 'notification', 'dialog'], {
    configProviderProps: naiveConfig,
    notificationProviderProps: { placement: 'bottom-right' },
  })
  return api
}
let api: ReturnType<typeof createDiscreteApi<'message' | 'notification' | 'dialog'>> | undefined

/** Takes every message, notification and dialog away; the next one starts afresh (the tests' new documents). */
export function resetDiscreteApi() {
  api?.unmount()
  api = undefined
}
