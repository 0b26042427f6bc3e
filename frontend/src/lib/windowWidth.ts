import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** The window's inner width, kept current while the component is mounted. */
export function useWindowWidth(): Ref<number> {
  const width = ref(typeof window === 'undefined' ? 1280 : window.innerWidth)
  const update = () => (width.value = window.innerWidth)
  onMounted(() => window.addEventListener('resize', update, { passive: true }))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return width
}
