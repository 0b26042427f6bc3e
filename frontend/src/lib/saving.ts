import { computed, ref, watch, type ComputedRef } from 'vue'
import { errorText } from './errors'
import { message } from './toasts'

/**
 * A settings card's actions (save, rename, import, load…): each runs busy
 * under its own name, for the button that started it, then says its
 * success message, if it has one, or the error as a sentence. run says
 * whether it worked. Call from a component's setup.
 */
export function useCardActions() {
  const busy = ref<Record<string, boolean>>({})
  async function run<T>(name: string, action: () => Promise<T>, success?: (result: T) => string): Promise<boolean> {
    busy.value = { ...busy.value, [name]: true }
    try {
      const result = await action()
      if (success) message.success(success(result))
      return true
    } catch (e) {
      message.error(errorText(e))
      return false
    } finally {
      busy.value = { ...busy.value, [name]: false }
    }
  }
  return { busy, run }
}

/** A card with one Save: `saving` for its button. */
export function useSaving() {
  const { busy, run } = useCardActions()
  const saving = computed(() => !!busy.value.save)
  const runSave = (action: () => Promise<unknown>, success: string) => run('save', action, () => success)
  return { saving, runSave }
}

/**
 * A card's edits of a saved value: filled from it, and filled again when
 * it changes (a save, another window, the CLI); dirty while the edits
 * differ from it; undo fills them back.
 */
export function useDraft<S>(saved: () => S, fill: (saved: S) => void, differs: (saved: S) => boolean): { dirty: ComputedRef<boolean>; undo: () => void } {
  watch(saved, fill, { immediate: true })
  return { dirty: computed(() => differs(saved())), undo: () => fill(saved()) }
}
