import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { Preview, PreviewItem } from '@/bridge/types'

vi.mock('@/bridge/sync', () => ({ syncApi: { preview: vi.fn() } }))
import { syncApi } from '@/bridge/sync'
import PreviewModal from '@/components/inventory/PreviewModal.vue'
import { previewSummary } from '@/lib/preview'

const change = (sku: string, from: number | null, to: number): PreviewItem => ({ sku, name: sku, from, to, delta: to - (from ?? 0), why: '', bundle: '' })

function preview(over: Partial<Preview> = {}): Preview {
  return {
    modeRequested: 'smart',
    modeRun: 'smart',
    reason: '',
    counts: { read: 40, changed: 3, pushed: 3, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 },
    biggestDrops: [],
    toZero: [],
    toZeroCount: 0,
    items: [],
    located: false,
    ...over,
  }
}

const labelled = (p: Preview) => Object.fromEntries(previewSummary(p).stats.map((s) => [s.key, `${s.label} ${s.value}`]))

describe('preview summary', () => {
  it('calls pushes after a smart read of nothing retries of pending SKUs', () => {
    const s = previewSummary(preview({ counts: { read: 0, changed: 0, pushed: 700, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 } }))
    const byKey = Object.fromEntries(s.stats.map((x) => [x.key, `${x.label} ${x.value}`]))
    expect(byKey.read).toBe('Changed in the warehouse 0')
    expect(byKey.pushed).toBe('Would update (pending retries) 700')
    expect(s.retriesNote).toContain('700 SKUs to update are still pending from earlier runs')
  })

  it('does not call a new bundle pushed after a smart read of nothing a retry', () => {
    const kit = { ...change('KIT', null, 65), why: 'new', bundle: 'limited by MUG: 130 ÷ 2' }
    const s = previewSummary(preview({ counts: { read: 0, changed: 1, pushed: 1, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 }, items: [kit] }))
    expect(s.stats.find((x) => x.key === 'pushed')!.label).toBe('Would update')
    expect(s.retriesNote).toBe('')
  })

  it('keeps the plain labels when the smart run read changes, or when it is a full run', () => {
    expect(labelled(preview())).toMatchObject({ read: 'Read from the warehouse 40', pushed: 'Would update 3' })
    const full = preview({ modeRun: 'full', counts: { read: 0, changed: 0, pushed: 5, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 } })
    expect(labelled(full)).toMatchObject({ read: 'Read from the warehouse 0', pushed: 'Would update 5' })
    expect(previewSummary(full).retriesNote).toBe('')
  })

  it('on a connection with a location map, says it read SKUs and would update SKU-locations', () => {
    const located = preview({ located: true, counts: { ...preview().counts, read: 500, changed: 1002, pushed: 1002 } })
    expect(labelled(located)).toEqual({
      pushed: 'SKU-locations to update 1002',
      read: 'SKUs read from the warehouse 500',
      changed: 'SKU-locations changed 1002',
      unmapped: 'Unmapped SKUs 0',
      toZero: 'SKU-locations going to zero 0',
    })
    const retries = previewSummary(preview({ located: true, counts: { ...preview().counts, read: 0, changed: 0, pushed: 2 }, items: [{ ...change('MUG', 1, 2), why: 'pending' }] }))
    expect(retries.stats.find((x) => x.key === 'pushed')!.label).toBe('SKU-locations to update (pending retries)')
    expect(retries.retriesNote).toContain('the 2 SKU-locations to update are still pending')
  })

  it('lists under Going to zero only SKUs the store has in stock now, not new listings created at 0', () => {
    const s = previewSummary(preview({ toZero: [change('NEW-1', null, 0), change('LOW-1', 4, 0), change('GONE-1', 0, 0)] }))
    expect(s.toZero.map((i) => i.sku)).toEqual(['LOW-1'])
    expect(s.stats.find((x) => x.key === 'toZero')!.value).toBe(1)
  })
})

describe('PreviewModal', () => {
  it('shows the retry labels and sentence, and the filtered Going to zero count', async () => {
    vi.mocked(syncApi.preview).mockResolvedValue(
      preview({ counts: { read: 0, changed: 0, pushed: 700, failed: 0, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 }, toZero: [change('NEW-1', null, 0)] }),
    )
    const w = mount(PreviewModal, { props: { show: false, connectionId: 1, running: false }, attachTo: document.body })
    await w.setProps({ show: true })
    await flushPromises()
    const counts = document.querySelector('[data-testid="preview-counts"]')!.textContent!
    expect(counts).toContain('Changed in the warehouse')
    expect(counts).toContain('Would update (pending retries)')
    expect(counts).toMatch(/Going to zero\s*0/)
    expect(document.querySelector('[data-testid="preview-retries"]')?.textContent).toContain('pending from earlier runs')
    w.unmount()
  })

  it('says, for a bundle, which component drove its number', async () => {
    const kit = { ...change('GIFTBOX', 5, 3), name: 'Bundle: 2 × Stoneware Mug', bundle: 'limited by MUG: 7 ÷ 2' }
    vi.mocked(syncApi.preview).mockResolvedValue(preview({ biggestDrops: [kit, change('MUG', 9, 7)], items: [kit, change('MUG', 9, 7)] }))
    const w = mount(PreviewModal, { props: { show: false, connectionId: 1, running: false }, attachTo: document.body })
    await w.setProps({ show: true })
    await flushPromises()
    const notes = [...document.querySelectorAll('[data-testid="preview-bundle"]')].map((e) => e.textContent)
    expect(notes).toEqual(['Bundle, limited by MUG: 7 ÷ 2'])
    // The second line says Bundle; the name above it is the recipe alone.
    const product = document.querySelector('[data-testid="preview-bundle"]')!.parentElement!.textContent
    expect(product).toBe('2 × Stoneware MugBundle, limited by MUG: 7 ÷ 2')
    w.unmount()
  })

  it('after a location map change, shows each location from what the store holds there, as its first update there', async () => {
    const first = (location: string, locationName: string, from: number, to: number) => ({ ...change('APRON', from, to), why: 'first-at-location', location, locationName })
    const items = [first('popup', 'Pop-up store', 0, 52), first('shop', 'Main shop', 156, 104)]
    vi.mocked(syncApi.preview).mockResolvedValue(preview({ located: true, counts: { ...preview().counts, read: 1, changed: 2, pushed: 2 }, biggestDrops: [items[1]!], items }))
    const w = mount(PreviewModal, { props: { show: false, connectionId: 1, running: false }, attachTo: document.body })
    await w.setProps({ show: true })
    await flushPromises()
    const column = (key: string) => [...document.querySelectorAll(`[data-testid="preview-modal"] td[data-col-key="${key}"]`)].map((e) => e.textContent?.trim())
    // Biggest drops, the tab that opens: the main shop goes down from what it holds.
    expect(column('change')).toEqual(['156 → 104'])
    expect(column('why')).toEqual(['First update at this location'])
    const counts = document.querySelector('[data-testid="preview-counts"]')!.textContent!
    expect(counts).toContain('SKUs read from the warehouse')
    expect(counts).toContain('SKU-locations to update')
    w.unmount()
  })

  it('names each store location by the name the store gives it, not its id', async () => {
    const at = (sku: string, location: string, locationName: string) => ({ ...change(sku, 2, 1), location, locationName })
    const items = [at('MUG', 'gid-71', 'Main shop'), at('MUG', 'gid-72', 'Pop-up store')]
    vi.mocked(syncApi.preview).mockResolvedValue(preview({ biggestDrops: items, items }))
    const w = mount(PreviewModal, { props: { show: false, connectionId: 1, running: false }, attachTo: document.body })
    await w.setProps({ show: true })
    await flushPromises()
    const cells = [...document.querySelectorAll('[data-testid="preview-modal"] td[data-col-key="location"]')].map((e) => e.textContent?.trim())
    expect(cells).toEqual(['Main shop', 'Pop-up store'])
    w.unmount()
  })
})
