import { ref } from 'vue'
import { useMessage } from 'naive-ui'
import { errorText } from './errors'

/**
 * A settings card's Save: tracks `saving` for the button, then says the
 * success message or the error as a sentence. Call from a component's setup.
 */
export function useSaving() {
  const message = useMessage()
  const saving = ref(false)
  async function runSave(action: () => Promise<unknown>, success: string): Promise<boolean> {
    saving.value = true
    try {
      await action()
      message.success(success)
      return true
    } catch (e) {
      message.error(errorText(e))
      return false
    } finally {
      saving.value = false
    }
  }
  return { saving, runSave }
}
