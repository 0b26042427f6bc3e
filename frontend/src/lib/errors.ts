/**
 * Turns whatever a rejected bound call gave us into the sentence to show.
 * Wails rejects with the Go error's text; our own code rejects with Error.
 */
export function errorText(e: unknown): string {
  let text: string
  if (typeof e === 'string') text = e
  else if (e instanceof Error) text = e.message
  else if (e && typeof e === 'object' && 'message' in e) text = String((e as { message: unknown }).message)
  else text = 'Something went wrong. Try again; if it keeps happening, restart ShelfSync.'
  text = text.trim()
  if (!text) return 'Something went wrong. Try again; if it keeps happening, restart ShelfSync.'
  // Go errors start lowercase; a sentence on screen starts with a capital.
  return text.charAt(0).toUpperCase() + text.slice(1)
}
