import type { DialogOptions, MessageOptions, NotificationOptions } from 'naive-ui'

// The window's messages (a line at the top that goes on its own),
// notifications (a card at the bottom right) and dialogs. Naive UI draws
// them, loaded on first use rather than before the first paint: the
// Connections page paints without Naive UI (BENCHMARKS.md, startup).
// preloadToasts() fetches it once the page is up, so the first message
// does not wait for it.

type Naive = typeof import('./naive')

let loading: Promise<Naive> | undefined
export function preloadToasts(): Promise<Naive> {
  loading ??= import('./naive')
  return loading
}

/** Takes every message, notification and dialog away (between tests). */
export async function resetToasts(): Promise<void> {
  if (loading) (await loading).resetDiscreteApi()
}

function later(show: (api: ReturnType<Naive['discreteApi']>) => void): void {
  preloadToasts().then(
    (m) => show(m.discreteApi()),
    (e) => console.error('ShelfSync could not load its messages', e),
  )
}

type Kind = 'info' | 'success' | 'warning' | 'error'

export const message = {
  info: (text: string, opts?: MessageOptions) => later((a) => a.message.info(text, opts)),
  success: (text: string, opts?: MessageOptions) => later((a) => a.message.success(text, opts)),
  warning: (text: string, opts?: MessageOptions) => later((a) => a.message.warning(text, opts)),
  error: (text: string, opts?: MessageOptions) => later((a) => a.message.error(text, opts)),
}

export const notification = {
  show: (kind: Kind, opts: NotificationOptions) => later((a) => a.notification[kind](opts)),
  warning: (opts: NotificationOptions) => notification.show('warning', opts),
}

export const dialog = {
  warning: (opts: DialogOptions) => later((a) => a.dialog.warning(opts)),
}
