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

/**
 * Takes every message, notification and dialog away (between tests). It
 * waits for a chunk still loading, so nothing lands after the page is gone;
 * a chunk that failed has already said its words (later, below).
 */
export async function resetToasts(): Promise<void> {
  const naive = await loading?.catch(() => undefined)
  naive?.resetDiscreteApi()
}

// If Naive UI's chunk cannot be loaded (the window's files are embedded, so
// this is a broken build, not a network), the words still reach the
// merchant: the browser's own alert says them, and the next message tries
// the chunk again.
function later(words: string, show: (api: ReturnType<Naive['discreteApi']>) => void): void {
  preloadToasts().then(
    (m) => show(m.discreteApi()),
    (e) => {
      loading = undefined
      console.error('ShelfSync could not load its messages', e)
      window.alert(words)
    },
  )
}

type Kind = 'info' | 'success' | 'warning' | 'error'
const words = (o: NotificationOptions | DialogOptions) => [o.title, o.content].filter((t) => typeof t === 'string').join('\n')

export const message = {
  success: (text: string, opts?: MessageOptions) => later(text, (a) => a.message.success(text, opts)),
  error: (text: string, opts?: MessageOptions) => later(text, (a) => a.message.error(text, opts)),
}

export const notification = {
  show: (kind: Kind, opts: NotificationOptions) => later(words(opts), (a) => a.notification[kind](opts)),
  warning: (opts: NotificationOptions) => notification.show('warning', opts),
}

export const dialog = {
  warning: (opts: DialogOptions) => later(words(opts), (a) => a.dialog.warning(opts)),
}
