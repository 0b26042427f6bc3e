// Every spec ends with the window's messages settled. A message asked for
// near a test's end loads Naive UI's chunk (lib/toasts.ts); left pending, it
// could land after happy-dom took the page away and call an alert that is no
// longer there, an error no test owns (CI, stuckRun.spec.ts).
import { afterEach } from 'vitest'
import { resetToasts } from './toasts'

afterEach(resetToasts)
