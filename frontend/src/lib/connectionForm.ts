// What the Add connection wizard and Edit connection share: the two sides'
// kinds, loaded from Go when the dialog opens (the registry's
// descriptions), the values typed for each side, and Test connection over
// them, which ConnectionTestStep shows.
import { computed, reactive, ref, watch, type Ref, type WatchSource } from 'vue'
import type { Kind, TestReport } from '@/bridge/types'
import { useConnectionTest } from '@/lib/connectionTest'
import { errorText } from '@/lib/errors'
import type { FieldValues } from '@/lib/wizard'
import { useConnectionsStore } from '@/stores/connections'

export interface ConnectionFormOptions {
  /** The chosen warehouse and store kinds. */
  warehouseKind: () => string
  storeKind: () => string
  /** Test connection with what is typed. */
  test: () => Promise<TestReport>
  /** Called when the dialog opens: sets the dialog's own state back and gives each side's values to start from. */
  onOpen: () => { warehouse: FieldValues; store: FieldValues }
  /** What else, when it changes, makes an earlier test meaningless. */
  alsoInvalidates?: WatchSource[]
}

export function useConnectionForm(show: Ref<boolean>, opts: ConnectionFormOptions) {
  const connections = useConnectionsStore()
  const kindsError = ref('')
  const whValues = ref<FieldValues>({})
  const stValues = ref<FieldValues>({})
  const warehouse = computed<Kind | undefined>(() => connections.warehouseKinds.find((k) => k.kind === opts.warehouseKind()))
  const store = computed<Kind | undefined>(() => connections.storeKinds.find((k) => k.kind === opts.storeKind()))
  const tester = useConnectionTest(opts.test, [...(opts.alsoInvalidates ?? []), whValues, stValues])

  watch(
    show,
    async (open) => {
      if (!open) return
      const start = opts.onOpen()
      whValues.value = start.warehouse
      stValues.value = start.store
      tester.reset()
      try {
        await connections.loadKinds()
        kindsError.value = ''
      } catch (e) {
        kindsError.value = errorText(e)
      }
    },
    { immediate: true },
  )

  /** A store setting picked from what Test connection offered (a Shopify location). */
  function choose(key: string, value: string) {
    stValues.value = { ...stValues.value, [key]: value }
  }

  return reactive({ kindsError, whValues, stValues, warehouse, store, ...tester, choose })
}

export type ConnectionForm = ReturnType<typeof useConnectionForm>
