import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ConnectionTab = 'inventory' | 'history' | 'settings'

export type View = { name: 'connections' } | { name: 'connection'; id: number; tab: ConnectionTab }

/** Where the window is. Small enough not to need a router. */
export const useNavStore = defineStore('nav', () => {
  const view = ref<View>({ name: 'connections' })

  function toConnections() {
    view.value = { name: 'connections' }
  }
  function toConnection(id: number, tab: ConnectionTab = 'inventory') {
    view.value = { name: 'connection', id, tab }
  }
  function setTab(tab: ConnectionTab) {
    if (view.value.name === 'connection') view.value = { ...view.value, tab }
  }

  return { view, toConnections, toConnection, setTab }
})
