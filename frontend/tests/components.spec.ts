import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { NDropdown } from 'naive-ui'
import SyncProgress from '@/components/SyncProgress.vue'
import ControlPanel from '@/components/inventory/ControlPanel.vue'
import StateChips from '@/components/inventory/StateChips.vue'
import ConnectionCard from '@/components/connections/ConnectionCard.vue'
import type { LiveRun } from '@/stores/progress'
import { connection, run } from './fixtures'

const live = (over: Partial<LiveRun> = {}): LiveRun => ({
  connectionId: 1,
  runId: 3,
  phase: 'pushing',
  done: 250,
  total: 1000,
  modeRequested: 'full',
  trigger: 'manual',
  cancelling: false,
  ...over,
})

const byTestId = (id: string) => `[data-testid="${id}"]`

describe('SyncProgress', () => {
  it('shows the phase, done / total and the percentage', () => {
    const w = mount(SyncProgress, { props: { run: live() } })
    expect(w.text()).toContain('Full Sync running')
    expect(w.find(byTestId('sync-progress-phase')).text()).toBe('Pushing to store')
    expect(w.find(byTestId('sync-progress-count')).text()).toBe('250 / 1,000')
    expect(w.attributes('aria-valuenow')).toBe('25')
  })

  it('slides without a count while the total is unknown', () => {
    const w = mount(SyncProgress, { props: { run: live({ phase: 'reading_warehouse', done: 0, total: 0 }) } })
    expect(w.find(byTestId('sync-progress-count')).exists()).toBe(false)
    expect(w.find('.slider').exists()).toBe(true)
    expect(w.attributes('aria-valuenow')).toBeUndefined()
  })

  it('asks to cancel once, then says it is cancelling', async () => {
    const w = mount(SyncProgress, { props: { run: live() } })
    await w.find(byTestId('sync-cancel')).trigger('click')
    expect(w.emitted('cancel')).toHaveLength(1)
    await w.setProps({ run: live({ cancelling: true }) })
    expect(w.find(byTestId('sync-cancel')).attributes('disabled')).toBeDefined()
    expect(w.find(byTestId('sync-progress-phase')).text()).toBe('Cancelling…')
  })
})

describe('ControlPanel', () => {
  const now = new Date(2026, 10, 26, 14, 10)
  const conn = connection({
    schedule: { enabled: true, intervalMinutes: 60, autoMode: 'smart', nextRunAt: new Date(2026, 10, 26, 15, 0).toISOString() },
  })

  it('writes the schedule in one line and opens its settings from Edit', async () => {
    const w = mount(ControlPanel, { props: { connection: conn, running: false, paused: false, now } })
    expect(w.find(byTestId('schedule-line')).text()).toMatch(/^Smart Sync every 60 min · next at 0?3:00 PM$|^Smart Sync every 60 min · next at 15:00$/)
    await w.find(byTestId('schedule-edit')).trigger('click')
    expect(w.emitted('editSchedule')).toHaveLength(1)
  })

  it('turns the Actions into runs and a preview, and disables runs while one is going', async () => {
    const w = mount(ControlPanel, { props: { connection: conn, running: false, paused: false, now } })
    const dd = w.findComponent(NDropdown)
    dd.vm.$emit('select', 'smart')
    dd.vm.$emit('select', 'full')
    dd.vm.$emit('select', 'preview')
    expect(w.emitted('run')).toEqual([['smart'], ['full']])
    expect(w.emitted('preview')).toHaveLength(1)
    await w.setProps({ running: true })
    const options = w.findComponent(NDropdown).props('options') as { key: string; disabled?: boolean }[]
    expect(options.filter((o) => o.disabled).map((o) => o.key)).toEqual(['smart', 'full'])
  })
})

describe('StateChips', () => {
  it('shows each state with its count and toggles the filter', async () => {
    const w = mount(StateChips, { props: { value: '', counts: { in_sync: 1200, failed: 3 }, all: 1203 } })
    expect(w.find(byTestId('state-chip-all')).text()).toBe('All 1,203')
    expect(w.find(byTestId('state-chip-failed')).text()).toBe('Failed 3')
    expect(w.find(byTestId('state-chip-pending')).text()).toBe('Pending 0')
    await w.find(byTestId('state-chip-failed')).trigger('click')
    expect(w.emitted('update:value')![0]).toEqual(['failed'])
    await w.setProps({ value: 'failed' })
    await w.find(byTestId('state-chip-failed')).trigger('click')
    expect(w.emitted('update:value')![1]).toEqual([''])
  })

  it('offers one "Needs attention" chip for every SKU in a state that needs the merchant', async () => {
    const counts = { in_sync: 10, changed: 4, unmapped: 5, ignored: 1, failed: 2, drifted: 1, missing_from_feed: 3, not_tracked: 1, not_fed: 2 }
    const w = mount(StateChips, { props: { value: '', counts, all: 29 } })
    const attention = w.find(byTestId('state-chip-attention'))
    expect(attention.text()).toBe('Needs attention 9')
    await attention.trigger('click')
    expect(w.emitted('update:value')![0]).toEqual(['attention'])
    await w.setProps({ value: 'attention' })
    await w.find(byTestId('state-chip-attention')).trigger('click')
    expect(w.emitted('update:value')![1]).toEqual([''])
  })

  it('has state chips that add up to All beside the attention group', () => {
    const counts = { in_sync: 10, changed: 4, unmapped: 5, ignored: 1, failed: 2, drifted: 1, missing_from_feed: 3, not_tracked: 1, not_fed: 2, component_missing: 1, conflicting_rows: 1, invalid_quantity: 1, pending: 2 }
    const all = Object.values(counts).reduce((a, b) => a + b, 0)
    const w = mount(StateChips, { props: { value: '', counts, all } })
    const states = w.findAll('[data-testid^="state-chip-"]').filter((c) => !['state-chip-all', 'state-chip-attention'].includes(c.attributes('data-testid')!))
    expect(states.reduce((sum, c) => sum + Number(c.attributes('data-count')), 0)).toBe(all)
  })

  it('offers the ignored SKUs that "All" counts as a chip of their own', async () => {
    // Go counts ignored SKUs in the state counts (and so in "All"); every
    // state it can send has a chip, or the numbers would not add up.
    const w = mount(StateChips, { props: { value: '', counts: { in_sync: 10, ignored: 4 }, all: 14 } })
    expect(w.find(byTestId('state-chip-ignored')).text()).toBe('Ignored 4')
    await w.find(byTestId('state-chip-ignored')).trigger('click')
    expect(w.emitted('update:value')![0]).toEqual(['ignored'])
  })
})

describe('ConnectionCard', () => {
  const now = new Date('2026-11-26T14:10:00Z')

  it('invites a first Full Sync when the connection never ran', () => {
    const w = mount(ConnectionCard, { props: { connection: connection(), paused: false, now } })
    expect(w.find(byTestId('card-last-run')).text()).toContain('Never synced')
    expect(w.text()).toContain('Demo warehouse')
  })

  it('sums up the last run and disables Update while running', async () => {
    const last = run({ startedAt: '2026-11-26T14:05:00Z', status: 'partial', counts: { read: 9, changed: 5, pushed: 4, failed: 1, skipped: 0, unmapped: 0, missingFromFeed: 0, conflictingRows: 0, invalidQuantity: 0, componentMissing: 0, attention: 0, notTracked: 0, drifted: 0, notFed: 0 } })
    const w = mount(ConnectionCard, { props: { connection: connection({ lastRun: last }), paused: false, now } })
    const text = w.find(byTestId('card-last-run')).text()
    expect(text).toContain('5 minutes ago')
    expect(text).toContain('4 updated')
    expect(text).toContain('1 failed')
    expect(text).toContain('Partly failed')
    await w.find(byTestId('card-update')).trigger('click')
    expect(w.emitted('update')).toHaveLength(1)
    await w.setProps({ live: live() })
    expect(w.find(byTestId('card-update')).attributes('disabled')).toBeDefined()
    expect(w.find(byTestId('card-progress')).exists()).toBe(true)
  })
})

describe('ConnectionCard health', () => {
  it('shows the health the connection carries from Go, without deciding it again', () => {
    const now = new Date('2026-11-26T14:10:00Z')
    // A healthy last run on a card that is not told of any pause: only Go's word says paused.
    const paused = { key: 'paused' as const, label: 'Paused', sentence: 'Automatic sync is paused.' }
    const w = mount(ConnectionCard, { props: { connection: connection({ lastRun: run(), health: paused }), paused: false, now } })
    expect(w.find(byTestId('card-health')).text()).toBe('Paused')
    expect(w.find(byTestId('connection-card')).attributes('data-health')).toBe('paused')
    const failing = { key: 'failing' as const, label: 'Failing', sentence: 'The last sync failed.' }
    const w2 = mount(ConnectionCard, { props: { connection: connection({ lastRun: run(), health: failing }), paused: false, now } })
    expect(w2.find(byTestId('card-health')).text()).toBe('Failing')
  })
})

describe('ConnectionCard opening', () => {
  it('opens the connection from anywhere on the card but not from Update', async () => {
    const w = mount(ConnectionCard, { props: { connection: connection(), paused: false, now: new Date() } })
    await w.find('[data-testid="card-update"]').trigger('click')
    expect(w.emitted('open')).toBeUndefined()
    await w.find('[data-testid="connection-name"]').trigger('click')
    expect(w.emitted('open')).toHaveLength(1)
  })
})
