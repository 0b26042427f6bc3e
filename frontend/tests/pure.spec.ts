import { describe, expect, it, vi } from 'vitest'
import type { Kind } from '@/bridge/types'
import { recipeText } from '@/lib/bundles'
import { debounce } from '@/lib/debounce'
import { errorText } from '@/lib/errors'
import { mappingRows, parseSkuList, rowsToMapping, validateRules } from '@/lib/rules'
import { buildNewConnection, fieldsFor, limitPlaceholder, missingFields, splitFields } from '@/lib/wizard'
import registry from './registry.json'
import { modeText, runColumns } from '@/components/history/runColumns'
import { finishedNotice } from '@/lib/notice'
import { runCountsText, writesLabel } from '@/lib/format'

const shopify: Kind = {
  kind: 'shopify',
  side: 'store',
  label: 'Shopify',
  fields: [
    { key: 'shop', label: 'Shop domain', placeholder: '', help: '', secret: false, required: true, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' },
    { key: 'token', label: 'Access token', placeholder: '', help: '', secret: true, required: true, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' },
    { key: 'location', label: 'Location', placeholder: '', help: '', secret: false, required: false, advanced: false, shownWhen: { field: '', prefixes: [] }, kind: '' },
  ],
  limits: [],
  shortName: { field: 'shop', part: 'subdomain', format: '{} (Shopify)', empty: '' },
}
const demo: Kind = { kind: 'demo', side: 'warehouse', label: 'Demo warehouse', fields: [], limits: [], shortName: { field: '', part: '', format: '', empty: '' } }

describe('wizard helpers', () => {
  it('lists the required fields still empty', () => {
    expect(missingFields(shopify, { shop: 'x.myshopify.com', token: '  ' })).toEqual(['Access token'])
    expect(missingFields(demo, {})).toEqual([])
  })

  it('sends secrets apart from settings, trimmed, without blanks', () => {
    expect(splitFields(shopify, { shop: ' x.myshopify.com ', token: 'shpat_1', location: '' })).toEqual({
      settings: { shop: 'x.myshopify.com' },
      secrets: { token: 'shpat_1' },
    })
  })

  it('names a connection after its two sides when left blank', () => {
    const req = buildNewConnection('  ', demo, {}, shopify, { shop: 's', token: 't' })
    expect(req.name).toBe('Demo warehouse → s (Shopify)')
    expect(req).toMatchObject({ warehouseKind: 'demo', storeKind: 'shopify', storeSecrets: { token: 't' } })
  })
})

describe('rule helpers', () => {
  it('reads ignored SKUs one per line or comma, without repeats', () => {
    expect(parseSkuList('A\n B ,C\n\nA')).toEqual(['A', 'B', 'C'])
  })

  it('round-trips a mapping through editable rows and skips empty rows', () => {
    const rows = mappingRows({ B: 'b', A: 'a' })
    expect(rows.map((r) => r.warehouseSku)).toEqual(['A', 'B'])
    expect(rowsToMapping([...rows, { warehouseSku: '', storeSku: '' }])).toEqual({ A: 'a', B: 'b' })
  })

  it('refuses half-filled and repeated mapping rows with a sentence', () => {
    expect(() => rowsToMapping([{ warehouseSku: 'A', storeSku: '' }])).toThrow('Row 1 (A) needs a store SKU too')
    expect(() =>
      rowsToMapping([
        { warehouseSku: 'A', storeSku: 'a' },
        { warehouseSku: 'A', storeSku: 'b' },
      ]),
    ).toThrow('Warehouse SKU A is mapped twice')
  })

  it('accepts zero rules and refuses negative ones', () => {
    expect(validateRules({ buffer: 0, cap: 0, zeroBelow: 0 })).toBe('')
    expect(validateRules({ buffer: -1, cap: 0, zeroBelow: 0 })).toMatch(/Safety stock/)
  })
})

describe('odds and ends', () => {
  it('turns Go errors into sentences that start with a capital', () => {
    expect(errorText('store unreachable: check the shop domain')).toBe('Store unreachable: check the shop domain')
    expect(errorText(new Error('x'))).toBe('X')
    expect(errorText(undefined)).toMatch(/Something went wrong/)
  })

  it('shows the mode asked and the mode run when they differ', () => {
    expect(modeText({ modeRequested: 'smart', modeRun: 'full' })).toBe('Smart Sync → Full Sync')
    expect(modeText({ modeRequested: 'smart', modeRun: 'smart' })).toBe('Smart Sync')
  })

  it('debounces to the last call, and flush runs it at once', () => {
    vi.useFakeTimers()
    const seen: string[] = []
    const d = debounce((s: string) => seen.push(s), 200)
    d('m')
    d('mu')
    d('mug')
    vi.advanceTimersByTime(199)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1)
    expect(seen).toEqual(['mug'])
    d('oak')
    d.flush()
    expect(seen).toEqual(['mug', 'oak'])
    vi.useRealTimers()
  })
})

describe('finishedNotice', () => {
  const base = {
    runId: 1, connectionId: 1, connection: 'Demo', modeRequested: 'smart' as const, modeRun: 'smart' as const, reason: '',
    startedAt: '', finishedAt: null, durationMs: 1, located: false, apiCalls: 1, warnings: 0,
    health: { key: 'healthy' as const, label: 'Healthy', sentence: 'The last sync worked.' },
    counts: { read: 9, changed: 3, pushed: 1200, failed: 2, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
  }
  it('stays quiet for a scheduled run that succeeded', () => {
    expect(finishedNotice({ ...base, trigger: 'scheduled', status: 'succeeded' })).toBeNull()
  })
  it('sums up a manual run and explains a held one', () => {
    expect(finishedNotice({ ...base, trigger: 'manual', status: 'partial' })).toEqual({
      type: 'warning',
      title: 'Demo: Smart Sync partly failed',
      content: '1,200 updated · 2 failed.',
    })
    const held = finishedNotice({ ...base, trigger: 'scheduled', status: 'held', error: 'Held: 40 of 50 SKUs would go to zero.' })
    expect(held?.content).toBe('Held: 40 of 50 SKUs would go to zero.')
    expect(finishedNotice({ ...base, trigger: 'cli', status: 'cancelled' })?.type).toBe('info')
  })
  it('says a located run wrote SKU-locations, not SKUs', () => {
    // A SKU is written once per store location: 1,200 writes are not 1,200 SKUs.
    expect(finishedNotice({ ...base, trigger: 'manual', status: 'partial', located: true })?.content).toBe('1,200 SKU-locations updated · 2 failed.')
    expect(runCountsText({ ...base, located: true, counts: { ...base.counts, pushed: 1 } })).toBe('1 SKU-location updated · 2 failed')
  })
  it("labels a run's details in SKU-locations, one or many, for a located run", () => {
    expect(writesLabel(true, 1, 'failed')).toBe('SKU-location failed')
    expect(writesLabel(true, 80, 'updated')).toBe('SKU-locations updated')
    expect(writesLabel(false, 1, 'updated')).toBe('updated')
  })
  it("says in History's table that a located run's numbers are SKU-locations", () => {
    // The columns are the same for every run; a located run's cell says its unit when pointed at.
    const columns = runColumns(new Date()) as { key?: string; render?: (r: typeof base, i: number) => unknown }[]
    const cell = (key: string, run: typeof base) => columns.find((c) => c.key === key)!.render!(run, 0)
    const words = (v: unknown) => (v as { children: { default: () => string } }).children.default()
    const located = { ...base, trigger: 'manual' as const, status: 'succeeded' as const, located: true }
    expect(words(cell('pushed', located))).toBe('1,200 SKU-locations updated')
    expect(words(cell('changed', located))).toBe('3 SKU-locations changed')
    expect(words(cell('failed', located))).toBe('2 SKU-locations failed')
    expect(cell('pushed', { ...located, located: false })).toBe('1,200')
  })
})

describe('what the wizard asks for', () => {
  // As csvfeed's describe.go says which source needs which field.
  const csv = (registry.kinds as Kind[]).find((k) => k.kind === 'csv')!
  const keys = (values: Record<string, string>) => fieldsFor(csv, values).main.map((f) => f.key)

  it('asks a local file for its path alone, an HTTPS feed for a header, an SFTP folder for its login', () => {
    expect(keys({ source: '/srv/inv.csv' })).toEqual(['source'])
    expect(keys({ source: 'https://x.example/inv.csv' })).toEqual(['source', 'authorization'])
    expect(keys({ source: 'sftp://u@h/out' })).toEqual(['source', 'pattern', 'password', 'privateKey', 'passphrase'])
    expect(keys({ source: 'SFTP://u@h/out' })).toEqual(['source', 'pattern', 'password', 'privateKey', 'passphrase'])
  })

  it('keeps advanced fields under More options until they hold a value', () => {
    const more = (values: Record<string, string>) => fieldsFor({ ...shopify, fields: shopify.fields.map((f) => ({ ...f, advanced: f.key === 'location' })) }, values).more.map((f) => f.key)
    expect(more({})).toEqual(['location'])
    expect(more({ location: '42' })).toEqual([])
  })

  it('drops what a source does not need from the request', () => {
    expect(splitFields(csv, { source: '/srv/inv.csv', authorization: 'Bearer x' })).toEqual({ settings: { source: '/srv/inv.csv' }, secrets: {} })
  })

  it('sends the read limits typed, so one raised from the command line stays when the connection is edited', () => {
    const maxRows = csv.limits.find((l) => l.key === 'maxRows')!
    const limited: Kind = { ...csv, limits: [maxRows] }
    expect(splitFields(limited, { source: '/srv/inv.csv', maxRows: ' 5000000 ' })).toEqual({
      settings: { source: '/srv/inv.csv', maxRows: '5000000' },
      secrets: {},
    })
    expect(splitFields(limited, { source: '/srv/inv.csv', maxRows: '' }).settings).toEqual({ source: '/srv/inv.csv' })
    expect(limitPlaceholder(maxRows)).toBe('2,000,000 rows (the default)')
  })
})

describe('bundle helpers', () => {
  it('writes a recipe as units × SKU, joined with +', () => {
    expect(recipeText([{ sku: 'MUG', qty: 2 }, { sku: 'TEA', qty: 1 }])).toBe('2 × MUG + 1 × TEA')
    expect(recipeText([])).toBe('')
  })
})
