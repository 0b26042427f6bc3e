import { readonly, ref } from 'vue'

// Whether the desktop asks for dark colours, followed live. Our own
// components follow the same media query in CSS (theme.ts); this ref is
// for Naive UI's parts (NaiveScope, the toasts), which take a theme object.
const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null
const dark = ref(query?.matches ?? false)
query?.addEventListener('change', (e) => (dark.value = e.matches))

export const prefersDark = readonly(dark)
