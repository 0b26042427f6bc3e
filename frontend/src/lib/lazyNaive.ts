import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'

/**
 * A component drawn with Naive UI, loaded the first time it is shown and
 * wrapped in the window's Naive UI theme (NaiveScope). Props, v-model and
 * slots pass through as they would to the component itself.
 */
export function lazyNaive(load: () => Promise<{ default: Component }>) {
  return defineAsyncComponent(async () => {
    const [scope, inner] = await Promise.all([import('@/components/NaiveScope.vue'), load()])
    return defineComponent({
      name: 'LazyNaive',
      inheritAttrs: false,
      setup(_, { attrs, slots }) {
        return () => h(scope.default, null, { default: () => h(inner.default, attrs, slots) })
      },
    })
  })
}
