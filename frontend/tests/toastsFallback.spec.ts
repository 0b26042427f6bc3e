import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'

// Naive UI's chunk missing: a broken build, but the merchant still reads the words.
const loads = vi.hoisted(() => ({ tried: 0 }))
vi.mock('@/lib/naive', () => {
  loads.tried++
  throw new Error('the chunk is missing')
})
import { message, notification } from '@/lib/toasts'

describe('messages when Naive UI cannot be loaded', () => {
  it('says them with the browser alert, and tries the chunk again for the next one', async () => {
    const alert = vi.fn()
    window.alert = alert
    vi.spyOn(console, 'error').mockImplementation(() => {})
    message.error('The name is taken by another connection.')
    await flushPromises()
    expect(alert).toHaveBeenCalledWith('The name is taken by another connection.')
    notification.warning({ title: 'ShelfSync started with a warning', content: 'No keyring.' })
    await flushPromises()
    expect(alert).toHaveBeenLastCalledWith('ShelfSync started with a warning\nNo keyring.')
    expect(loads.tried).toBe(2)
  })
})
