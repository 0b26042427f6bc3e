import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { inventoryApi } from '@/bridge/inventory'
import type { InventoryItem, InventoryQuery, SortKey, Run } from '@/bridge/types'
import { errorText } from '@/lib/errors'
import { isStateGroup, type StateFilter } from '@/lib/format'

export const inventoryPageSize = 300

/**
 * One connection's Inventory table: keyset pages that Go filters and sorts
 * in SQLite. Every change of filter or sort starts a new generation; a page
 * that arrives for an older generation is dropped, so a slow answer to an
 * old search never overwrites a newer one.
 */
export const useInventoryStore = defineStore('inventory', () => {
  const connectionId = ref(0)
  const search = ref('')
  const state = ref<StateFilter | ''>('')
  /** A store location whose figures the rows show ('' for the sums). */
  const location = ref('')
  /** Store location names by id, for the filter and the breakdown. */
  const locationNames = ref<Record<string, string>>({})
  const sortBy = ref<SortKey>('sku')
  const desc = ref(false)

  // Rows are replaced, never edited in place: a shallow ref spares Vue from
  // wrapping up to 100,000 objects in proxies.
  const rows = shallowRef<InventoryItem[]>([])
  const next = ref('')
  const total = ref(0)
  const stateCounts = ref<Record<string, number>>({})
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref('')
  let generation = 0

  const hasMore = computed(() => next.value !== '')
  /** All rows matching the search, whatever their state (the "All" chip). */
  const allCount = computed(() => Object.values(stateCounts.value).reduce((a, b) => a + b, 0))

  function query(after: string): InventoryQuery {
    return {
      connectionId: connectionId.value,
      search: search.value.trim(),
      // A group ("attention") goes as one; Go knows its states.
      state: isStateGroup(state.value) ? undefined : state.value || undefined,
      group: isStateGroup(state.value) ? state.value : undefined,
      location: location.value || undefined,
      sortBy: sortBy.value,
      desc: desc.value,
      after,
      limit: inventoryPageSize,
    }
  }

  /** Loads the first page for the current filters, replacing what is shown. */
  async function reload(): Promise<void> {
    const gen = ++generation
    loading.value = true
    try {
      const page = await inventoryApi.page(query(''))
      if (gen !== generation) return
      rows.value = page.items ?? []
      next.value = page.next
      total.value = page.total
      stateCounts.value = page.stateCounts ?? {}
      error.value = ''
    } catch (e) {
      if (gen === generation) error.value = errorText(e)
    } finally {
      if (gen === generation) {
        loading.value = false
        loadingMore.value = false
      }
    }
  }

  /** Appends the next keyset page; does nothing at the end or while loading. */
  async function loadMore(): Promise<void> {
    if (!next.value || loading.value || loadingMore.value) return
    const gen = generation
    loadingMore.value = true
    try {
      const page = await inventoryApi.page(query(next.value))
      if (gen !== generation) return
      rows.value = rows.value.concat(page.items ?? [])
      next.value = page.next
      // Go counts on the first page only (a later page's total is 0): the
      // first page's total stands, and never falls below the rows shown.
      total.value = Math.max(total.value, rows.value.length)
      if (page.stateCounts) stateCounts.value = page.stateCounts
    } catch (e) {
      if (gen === generation) error.value = errorText(e)
    } finally {
      if (gen === generation) loadingMore.value = false
    }
  }

  async function open(id: number): Promise<void> {
    if (id !== connectionId.value) {
      connectionId.value = id
      search.value = ''
      state.value = ''
      location.value = ''
      locationNames.value = {}
      sortBy.value = 'sku'
      desc.value = false
      rows.value = []
      next.value = ''
      total.value = 0
      stateCounts.value = {}
    }
    await reload()
  }

  function setSearch(s: string): Promise<void> {
    if (s.trim() === search.value.trim()) return Promise.resolve()
    search.value = s
    return reload()
  }

  function setState(s: StateFilter | ''): Promise<void> {
    if (s === state.value) return Promise.resolve()
    state.value = s
    return reload()
  }

  function setLocation(l: string): Promise<void> {
    if (l === location.value) return Promise.resolve()
    location.value = l
    return reload()
  }

  function setSort(key: SortKey, descending: boolean): Promise<void> {
    sortBy.value = key
    desc.value = descending
    return reload()
  }

  /** A finished run changes states and quantities: show the new ones. */
  function applyRunFinished(run: Run): Promise<void> {
    if (run.connectionId !== connectionId.value) return Promise.resolve()
    return reload()
  }

  return {
    connectionId,
    search,
    state,
    location,
    locationNames,
    sortBy,
    desc,
    rows,
    next,
    total,
    stateCounts,
    loading,
    loadingMore,
    error,
    hasMore,
    allCount,
    open,
    reload,
    loadMore,
    setSearch,
    setState,
    setLocation,
    setSort,
    applyRunFinished,
  }
})
