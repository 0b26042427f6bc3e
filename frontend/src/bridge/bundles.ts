import { callGo } from './wails'
import type { Bundle, BundleImport } from './types'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'BundleService', method, ...args)

export const bundlesApi = {
  /** The connection's bundles, each with what it makes now and which component limits it. */
  list: (id: number) => svc<Bundle[] | null>('List', id),
  /** Adds a bundle or replaces one's recipe; previousSku, when another, is renamed away. Resolves to the new list. */
  save: (id: number, previousSku: string, bundle: Bundle) => svc<Bundle[] | null>('Save', id, previousSku, bundle),
  remove: (id: number, sku: string) => svc<Bundle[] | null>('Remove', id, sku),
  /** Imports bundle_sku,component_sku,qty lines; each bundle in the file gets exactly its lines. */
  importCsv: (id: number, csvText: string) => svc<BundleImport>('Import', id, csvText),
}

export type BundlesApi = typeof bundlesApi
