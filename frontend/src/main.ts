import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { appApi } from './bridge/app'
import './style.css'

async function start() {
  // `vite --mode mock` runs the window in a plain browser against an
  // in-memory backend (for a look without Go); production never loads it.
  if (import.meta.env.MODE === 'mock') {
    const { installMockBackend } = await import('../mock/backend')
    installMockBackend()
  }
  createApp(App).use(createPinia()).mount('#app')
  // The Go side starts the window hidden and shows it once we have painted.
  requestAnimationFrame(() => appApi.showWindow())
}

void start()
