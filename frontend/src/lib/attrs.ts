import type { HTMLAttributes } from 'vue'

/**
 * Naive UI types row and option props as HTMLAttributes, which has no index
 * for data-* attributes; this states once that data-* is what we pass.
 */
export function dataAttrs(attrs: Record<`data-${string}`, string | number> & HTMLAttributes): HTMLAttributes {
  return attrs as HTMLAttributes
}
