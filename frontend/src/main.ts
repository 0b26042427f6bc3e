import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { appApi } from './bridge/app'
import { chooseTransport } from './bridge/transport'
import { applyWindowFonts } from './lib/fonts'
import { applyPalette } from './theme'
import './style.css'

async function start() {
  applyWindowFonts()
  applyPalette()
  // `vite --mode mock` runs the window in a plain browser against an
  // in-memory backend (for a look without Go); production never loads it.
  if (import.meta.env.MODE === 'mock') {
    const { installMockBackend } = await import('../mock/backend')
    installMockBackend()
  } else {
    // Wails' bindings in the app; HTTP and events to `shelfsync serve` in a browser.
    await chooseTransport()
  }
  createApp(App).use(createPinia()).mount('#app')
  // The Go side starts the window hidden and shows it once we have painted.
  requestAnimationFrame(() => appApi.showWindow())
}

void start()
