// How the window words a bundle's recipe, kept pure for tests.
import type { BundleComponent } from '@/bridge/types'

/** "2 × MUG + 1 × TEA", in the order Go lists the components (by SKU). */
export function recipeText(components: readonly BundleComponent[]): string {
  return components.map((c) => `${c.qty} × ${c.sku}`).join(' + ')
}

/** The tag on a bundle's row in the Inventory tab. */
export const bundleWord = 'Bundle'

/**
 * What follows a bundle's tag: its name without the word the tag says. Go
 * names a bundle "Bundle: 2 × Stoneware Mug + 1 × TEA" (inventory.recipeName)
 * for the CLI and the store, where no tag says it; before a sync names it,
 * its recipe by SKU ("" in the Preview, which has no components).
 */
export function bundleName(name: string, components: readonly BundleComponent[] = []): string {
  const recipe = name.startsWith(`${bundleWord}: `) ? name.slice(bundleWord.length + 2) : name
  return recipe || recipeText(components)
}
