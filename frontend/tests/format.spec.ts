import { describe, expect, it } from 'vitest'
import {
  changeText,
  durationText,
  historyFilters,
  intervalText,
  progressPercent,
  relativeTime,
  runStatus,
  scheduleLine,
  whenText,
} from '@/lib/format'

const now = new Date(2026, 10, 26, 14, 10)
const at = (h: number, m: number, dayOffset = 0) => new Date(2026, 10, 26 + dayOffset, h, m).toISOString()

describe('scheduleLine', () => {
  it('says mode, interval and the next run time today', () => {
    const line = scheduleLine({ enabled: true, intervalMinutes: 60, autoMode: 'smart', nextRunAt: at(15, 0) }, now, {
      locale: 'en-GB',
    })
    expect(line).toBe('Smart Sync every 60 min · next at 15:00')
  })

  it('names tomorrow and other days', () => {
    const s = { enabled: true, intervalMinutes: 1440, autoMode: 'full' as const }
    expect(scheduleLine({ ...s, nextRunAt: at(9, 5, 1) }, now, { locale: 'en-GB' })).toBe(
      'Full Sync every 24 h · next tomorrow at 09:05',
    )
    expect(scheduleLine({ ...s, nextRunAt: at(9, 5, 7) }, now, { locale: 'en-GB' })).toBe(
      'Full Sync every 24 h · next on 3 Dec at 09:05',
    )
  })

  it('says when automatic sync is off, paused or due', () => {
    const s = { enabled: true, intervalMinutes: 30, autoMode: 'smart' as const, nextRunAt: at(14, 0) }
    expect(scheduleLine({ ...s, enabled: false }, now)).toBe('Automatic sync is off')
    expect(scheduleLine(s, now, { paused: true })).toBe('Smart Sync every 30 min · paused')
    expect(scheduleLine(s, now)).toBe('Smart Sync every 30 min · due now')
    expect(scheduleLine({ ...s, nextRunAt: null }, now)).toBe('Smart Sync every 30 min')
  })
})

describe('small formatters', () => {
  it('writes intervals in hours only when whole and long', () => {
    expect(intervalText(5)).toBe('5 min')
    expect(intervalText(90)).toBe('90 min')
    expect(intervalText(60)).toBe('60 min')
    expect(intervalText(180)).toBe('3 h')
  })

  it('writes durations at a readable precision', () => {
    expect(durationText(850)).toBe('850 ms')
    expect(durationText(12_400)).toBe('12 s')
    expect(durationText(185_000)).toBe('3 min 5 s')
    expect(durationText(2 * 3600_000 + 60_000)).toBe('2 h 1 min')
  })

  it('writes relative times both ways', () => {
    expect(relativeTime(new Date(now.getTime() - 10_000), now)).toBe('just now')
    expect(relativeTime(new Date(now.getTime() + 10_000), now)).toBe('just now')
    expect(relativeTime(new Date(now.getTime() - 5 * 60_000), now)).toBe('5 minutes ago')
    expect(relativeTime(new Date(now.getTime() + 2 * 3600_000), now)).toBe('in 2 hours')
    expect(relativeTime(new Date(now.getTime() - 86400_000), now)).toBe('yesterday')
  })

  it('keeps the progress percentage within 0..100', () => {
    expect(progressPercent(0, 0)).toBe(0)
    expect(progressPercent(50, 200)).toBe(25)
    expect(progressPercent(300, 200)).toBe(100)
  })

  it('marks SKUs new to the store and colours statuses', () => {
    expect(changeText(null, 4)).toBe('new → 4')
    expect(changeText(1200, 0)).toBe('1,200 → 0')
    expect(runStatus('partial').type).toBe('warning')
    expect(runStatus('failed').type).toBe('error')
    expect(whenText(new Date(2026, 10, 26, 18, 30), now, 'en-GB')).toBe('at 18:30')
  })

  it('lets History filter to runs held for review, with the tag colour the runs table uses', () => {
    expect(historyFilters).toContainEqual({ value: 'held', label: 'Held for review' })
    expect(runStatus('held').type).toBe('warning')
    for (const f of historyFilters.filter((f) => f.value)) expect(f.label).toBe(runStatus(f.value).label)
  })
})
