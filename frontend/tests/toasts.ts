// The window's messages and notifications are drawn by a module loaded on
// first use (lib/toasts.ts): a test waits for it before reading the page.
import { flushPromises } from '@vue/test-utils'
import { preloadToasts } from '@/lib/toasts'

export { resetToasts } from '@/lib/toasts'

/** Resolves once every message and notification asked for so far is in the document. */
export async function toastsShown(): Promise<void> {
  await preloadToasts()
  await flushPromises()
}
