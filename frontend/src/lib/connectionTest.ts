// Test connection as the Add connection wizard and Edit connection both
// run it: the report, trusting a new SFTP server's key, and the choices a
// platform offered (Shopify's locations), which outlive the report so a
// merchant can pick another location and test again.
import { computed, ref, watch, type WatchSource } from 'vue'
import { connectionsApi } from '@/bridge/connections'
import type { SettingChoices, TestReport } from '@/bridge/types'
import { errorText } from '@/lib/errors'

export function useConnectionTest(run: () => Promise<TestReport>, inputs: WatchSource[]) {
  const testing = ref(false)
  const trusting = ref(false)
  const report = ref<TestReport | null>(null)
  const testError = ref('')
  /** The store's settings choices from the last test that offered any. */
  const storeChoices = ref<Record<string, SettingChoices>>({})
  const passed = computed(() => !!report.value && report.value.warehouse.ok && report.value.store.ok)

  // A test of other settings says nothing about these.
  watch(inputs, () => {
    report.value = null
    testError.value = ''
  }, { deep: true })

  async function test() {
    testing.value = true
    testError.value = ''
    try {
      report.value = await run()
      if (report.value.store.choices) storeChoices.value = report.value.store.choices
    } catch (e) {
      report.value = null
      testError.value = errorText(e)
    } finally {
      testing.value = false
    }
  }

  // An SFTP feed on a server ShelfSync has not met: trust exactly the key
  // the test saw, then test again.
  async function trust(fingerprint: string) {
    trusting.value = true
    try {
      await connectionsApi.trustHostKey(fingerprint)
      await test()
    } catch (e) {
      testError.value = errorText(e)
    } finally {
      trusting.value = false
    }
  }

  function reset() {
    report.value = null
    testError.value = ''
    storeChoices.value = {}
  }

  return { testing, trusting, report, testError, storeChoices, passed, test, trust, reset }
}
