// The window derives what it shows of each connector kind from the
// descriptions the registry sends (ConnectionService.Kinds). registry.json
// holds the real ones, and Go's verdict on typed read-limit values, written
// by registry_fixture_test.go (`make types`; Go's test fails while it is
// out of date), so these tests fail when the window reads them otherwise
// than Go decides.
import { describe, expect, it } from 'vitest'
import type { Kind } from '@/bridge/types'
import { limitProblem, shortName, suggestedName, takesLocalFile } from '@/lib/wizard'
import registry from './registry.json'

const kinds = registry.kinds as Kind[]
const kind = (side: string, name: string): Kind => {
  const k = kinds.find((x) => x.side === side && x.kind === name)
  if (!k) throw new Error(`the registry has no ${side} kind ${name}`)
  return k
}

describe('what the wizard derives from the connector registry', () => {
  it('checks a typed read limit as Go does on save', () => {
    const maxRows = kind('warehouse', 'csv').limits.find((l) => l.key === 'maxRows')!
    expect(registry.maxRowsVerdicts.length).toBeGreaterThan(10)
    for (const { value, problem } of registry.maxRowsVerdicts) {
      expect(limitProblem(maxRows, { maxRows: value }), `the read limit typed as ${JSON.stringify(value)}`).toBe(problem)
    }
  })

  it('names each side as its connector describes', () => {
    const csv = kind('warehouse', 'csv')
    const shopify = kind('store', 'shopify')
    const woo = kind('store', 'woocommerce')
    expect(suggestedName(csv, shopify, { source: '/srv/feeds/inventory.csv' }, { shop: 'acme.myshopify.com' })).toBe('inventory.csv → acme (Shopify)')
    expect(shortName(csv, { source: 'https://feeds.example.com/out/inv.csv?token=x' })).toBe('inv.csv')
    expect(shortName(csv, { source: 'C:\\Feeds\\stock.csv' })).toBe('stock.csv')
    expect(shortName(csv, {})).toBe('Warehouse CSV')
    expect(shortName(shopify, { shop: 'https://acme.myshopify.com/admin' })).toBe('acme (Shopify)')
    expect(shortName(shopify, {})).toBe('Shopify')
    expect(shortName(woo, { url: 'https://shop.example.com/store' })).toBe('shop.example.com (WooCommerce)')
    expect(shortName(woo, { url: '' })).toBe('WooCommerce')
    // A kind that describes no short name is called by its label.
    expect(shortName(kind('warehouse', 'demo'), {})).toBe('Demo warehouse')
  })

  it('offers the file dialog for a field described as a local file path, until an address is typed', () => {
    const fileFields = kinds.flatMap((k) => k.fields.filter((f) => f.kind === 'local file path').map((f) => `${k.kind}.${f.key}`))
    expect(fileFields).toEqual(['csv.source'])
    const source = kind('warehouse', 'csv').fields.find((f) => f.key === 'source')!
    expect(takesLocalFile(source, { source: '' })).toBe(true)
    expect(takesLocalFile(source, { source: '/srv/feeds/inventory.csv' })).toBe(true)
    expect(takesLocalFile(source, { source: 'sftp://feeds@sftp.example.com/out' })).toBe(false)
    expect(takesLocalFile(source, { source: 'https://feeds.example.com/inv.csv' })).toBe(false)
    const shop = kind('store', 'shopify').fields.find((f) => f.key === 'shop')!
    expect(takesLocalFile(shop, { shop: 'acme' })).toBe(false)
  })
})
