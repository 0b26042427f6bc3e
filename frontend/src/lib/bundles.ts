// How the window words a bundle's recipe, kept pure for tests.
import type { BundleComponent } from '@/bridge/types'

/** "2 × MUG + 1 × TEA", in the order Go lists the components (by SKU). */
export function recipeText(components: readonly BundleComponent[]): string {
  return components.map((c) => `${c.qty} × ${c.sku}`).join(' + ')
}
