// End-to-end: the real window (the built frontend) in Debian's chromium,
// against the real Go backend of the ShelfSync dev build, on a fresh data
// dir. One app, one browser, one page; the scenarios run in order and build
// on each other the way a merchant's first session would. Each main screen
// is saved to artifacts/e2e/ for a person to look at.
//
// Run through scripts/e2e.sh (it builds the dev binary); prints one line per
// scenario and "N passed, N failed", and exits non-zero on a failure.

import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Suite, artifactsDir, cli, expect, expectEqual, launchBrowser, startApp, startServe, waitFor } from './harness.mjs'

const tid = (id) => `[data-testid="${id}"]`

const tempDir = mkdtempSync(join(tmpdir(), 'shelfsync-e2e-'))
const dataDir = join(tempDir, 'data')
mkdirSync(artifactsDir, { recursive: true })

const suite = new Suite()
// A scheduled run must not race the manual ones: the never-synced Demo's
// catch-up run waits an hour instead of 15 s.
// SHELFSYNC_E2E_SERVE=1 (scripts/e2e-serve.sh) runs every scenario in a
// plain browser against `shelfsync serve` instead, over HTTP and events.
const start = process.env.SHELFSYNC_E2E_SERVE ? startServe : startApp
const app = await start(dataDir, { env: { SHELFSYNC_STARTUP_DELAY: '1h' } })
let browser
let page

// Shared between scenarios, in the order they fill it.
const ids = { demo: 0, slow: 0, added: 0 }
const pageErrors = []

async function shot(name, { keepToasts = false } = {}) {
  // Close the run toasts a user would have closed: they sit over the table.
  if (!keepToasts) {
    for (const close of await page.locator('.n-notification .n-base-close').all()) await close.click().catch(() => {})
  }
  await page.waitForTimeout(400) // let transitions (modals, tabs, toasts) settle
  await page.screenshot({ path: join(artifactsDir, `${name}.png`) })
}

function fileHash(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

async function toConnections() {
  await page.click(tid('nav-home'))
  await page.waitForSelector(tid('connections-list'))
}

async function openConnection(name, tab = 'inventory') {
  await toConnections()
  await page.click(`${tid('connection-card')}[data-connection-name="${name}"] ${tid('connection-name')}`)
  await page.waitForSelector(`${tid('connection-title')}:text-is("${name}")`)
  if (tab !== 'inventory') await page.click(tid(`tab-${tab}`))
  await page.waitForSelector(
    { inventory: tid('control-panel'), history: tid('history-table'), settings: tid('settings-schedule') }[tab],
  )
}

async function chooseAction(action) {
  await page.click(tid('actions-menu'))
  await page.click(tid(`action-${action}`))
}

/** The newest run of a connection, as the CLI reads it from the database. */
async function lastRun(name) {
  const runs = await cli(dataDir, 'history', '--connection', name, '--limit', '1')
  return runs[0]
}

async function historyCells(runId) {
  const row = page.locator(`${tid('history-row')}[data-run-id="${runId}"]`)
  await row.waitFor()
  const cell = async (key) => (await row.locator(`td[data-col-key="${key}"]`).innerText()).trim()
  return {
    status: await row.getAttribute('data-status'),
    read: await cell('read'),
    changed: await cell('changed'),
    pushed: await cell('pushed'),
    failed: await cell('failed'),
  }
}

const n = (v) => v.toLocaleString('en-US')

/** Records every phase the progress bar shows, however briefly it shows. */
async function watchProgress() {
  await page.evaluate(() => {
    window.__phasesSeen = []
    window.__progressWatch?.disconnect()
    window.__progressWatch = new MutationObserver(() => {
      const el = document.querySelector('[data-testid="sync-progress"]')
      if (el) window.__phasesSeen.push(el.getAttribute('data-phase') || 'starting')
    })
    window.__progressWatch.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase'],
    })
  })
}

const phasesSeen = () => page.evaluate(() => [...new Set(window.__phasesSeen)])

suite.onFailure = async (name) => {
  if (page) await page.screenshot({ path: join(artifactsDir, `failed-${name.replace(/\W+/g, '-')}.png`) })
}

suite.scenario('the Demo connection is listed', async () => {
  // A second, slow demo connection (every store write takes 400 ms) makes a
  // run last long enough to look at its progress and cancel it.
  const slow = await cli(dataDir, 'connection', 'add', '--name', 'Slow shop', '--warehouse', 'demo', '--store', 'demo',
    '--demo-skus', '1000', '--demo-latency', '400ms', '--no-schedule')
  ids.slow = slow.id
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.setDefaultTimeout(20_000)
  page.on('pageerror', (e) => {
    // Wails' dev-mode ipc.js mounts its own overlay, which fails in a plain
    // browser; that is Wails' page furniture, not the window's code.
    if (!String(e.stack).includes('/wails/ipc.js')) pageErrors.push(e.stack)
  })
  await page.goto(app.url)
  await app.logIn?.(page)
  const card = page.locator(`${tid('connection-card')}[data-connection-name="Demo"]`)
  await card.waitFor()
  ids.demo = Number(await card.getAttribute('data-connection-id'))
  const listed = await cli(dataDir, 'connection', 'list')
  expectEqual(listed.map((c) => c.name).sort(), ['Demo', 'Slow shop'], 'connections the CLI lists')
  expectEqual(
    await page.locator(tid('connection-name')).allInnerTexts(),
    listed.map((c) => c.name),
    'connection cards',
  )
  expect((await card.locator(tid('card-last-run')).innerText()).includes('Never synced'), 'the Demo says it never synced')
  await shot('01-connections')
})

suite.scenario('Update inventory runs, shows progress, and its History row has the right counts', async () => {
  await openConnection('Demo')
  await watchProgress()
  await chooseAction('update')
  await waitFor('the Demo run to finish', async () => (await lastRun('Demo'))?.status !== 'running' && (await lastRun('Demo')))
  await page.locator(tid('sync-progress')).waitFor({ state: 'detached' })
  const phases = await phasesSeen()
  expect(phases.length > 0, 'the progress bar never showed')
  const run = await lastRun('Demo')
  expectEqual(run.trigger, 'manual', 'trigger of the run')
  expect(run.status === 'succeeded', `the Demo run ${run.status}: ${run.error ?? ''}`)
  expect(run.counts.pushed > 0, 'the first Demo run pushed nothing')
  // The inventory table reloads by itself after the run.
  await page.locator(tid('inventory-row')).first().waitFor()

  await page.click(tid('tab-history'))
  expectEqual(
    await historyCells(run.runId),
    { status: run.status, read: n(run.counts.read), changed: n(run.counts.changed), pushed: n(run.counts.pushed), failed: n(run.counts.failed) },
    'the History row',
  )
  await page.locator(tid('history-chart')).waitFor()
  await page.waitForTimeout(800) // the chart animates in
  await shot('05-history')

  // With History open, a run that ends shows up without a refresh (the
  // sync:finished event). Start it the way the window's buttons do.
  const second = await page.evaluate((id) => window.go.services.SyncService.Start(id, 'smart'), ids.demo)
  const row = await historyCells(second)
  const got = await waitFor('the second run in the database', async () => {
    const r = await lastRun('Demo')
    return r.runId === second && r.status !== 'running' && r
  })
  expectEqual(row.pushed, n(got.counts.pushed), 'pushed of the run that appeared live')
})

suite.scenario('filter the inventory by SKU and by state', async () => {
  await openConnection('Demo')
  const all = (await cli(dataDir, 'inventory', '--connection', 'Demo')).items
  await page.locator(tid('inventory-row')).first().waitFor()
  const footer = page.locator(tid('inventory-footer'))
  await waitFor('the footer to count every SKU', async () => (await footer.innerText()).includes(`of ${n(all.length)} SKUs`))
  await shot('02-inventory')

  // A SKU fragment: what the CLI's search finds is what the table shows.
  const fragment = all[Math.floor(all.length / 2)].sku.split('-')[0]
  const expected = (await cli(dataDir, 'inventory', '--connection', 'Demo', '--search', fragment)).items
  expect(expected.length > 0 && expected.length < all.length, `fragment ${fragment} should narrow the list`)
  await page.fill(tid('inventory-search'), fragment)
  await page.press(tid('inventory-search'), 'Enter')
  await waitFor(`the table to show the ${expected.length} SKUs matching ${fragment}`, async () =>
    (await footer.innerText()).includes(`of ${n(expected.length)} SKUs`))
  const shown = await page.locator(tid('inventory-row')).evaluateAll((rows) => rows.map((r) => r.dataset.sku))
  expect(shown.length > 0, 'no rows shown for the search')
  expect(shown.every((s) => expected.some((e) => e.sku === s)), `rows outside the search: ${shown}`)
  await shot('02b-inventory-search')
  await page.fill(tid('inventory-search'), '')
  await page.press(tid('inventory-search'), 'Enter')
  await waitFor('the search to clear', async () => (await footer.innerText()).includes(`of ${n(all.length)} SKUs`))

  // A state chip: pick a state some but not all SKUs are in, if there is one.
  const byState = {}
  for (const it of all) byState[it.state] = (byState[it.state] ?? 0) + 1
  const state = Object.keys(byState).sort((a, b) => byState[a] - byState[b])[0]
  expectEqual(Number(await page.getAttribute(tid(`state-chip-${state}`), 'data-count')), byState[state], `the ${state} chip's count`)
  await page.click(tid(`state-chip-${state}`))
  await waitFor(`the table to show the ${byState[state]} ${state} SKUs`, async () =>
    (await footer.innerText()).includes(`of ${n(byState[state])} SKUs`))
  const states = await page.locator(tid('inventory-row')).evaluateAll((rows) => rows.map((r) => r.dataset.state))
  expect(states.length > 0 && states.every((s) => s === state), `rows in other states than ${state}: ${states}`)
  await page.click(tid('state-chip-all'))
  await waitFor('All to show every SKU', async () => (await footer.innerText()).includes(`of ${n(all.length)} SKUs`))
})

suite.scenario('changing the interval in Settings moves the next run', async () => {
  await openConnection('Demo', 'settings')
  // The next run lives in the app's scheduler, not in the database: ask the
  // backend the window talks to.
  const schedule = () => page.evaluate((id) => window.go.services.ConnectionService.Get(id), ids.demo).then((c) => c.schedule)
  const before = (await schedule()).nextRunAt
  const last = await lastRun('Demo')
  expect(before, 'the Demo has no next run')
  await page.fill(tid('settings-interval'), '30')
  await page.press(tid('settings-interval'), 'Enter')
  await page.click(tid('settings-schedule-save'))
  const after = await waitFor('the next run to move', async () => {
    const s = await schedule()
    return s.nextRunAt !== before && s.intervalMinutes === 30 && s.nextRunAt
  })
  // The next run is now one interval after the last run finished, earlier
  // than before. (Before, it was the never-synced Demo's catch-up, an hour
  // after the app started; how far it moves depends on how soon the first
  // run came, so it is not counted in minutes.)
  expectEqual(Math.abs(Date.parse(after) - (Date.parse(last.finishedAt) + 30 * 60_000)) < 1_000, true, 'next run 30 min after the last run finished')
  expect(Date.parse(after) < Date.parse(before), `the next run did not move earlier: ${before} -> ${after}`)
  const clock = await page.evaluate(
    (iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
    after,
  )
  const line = page.locator(tid('settings-schedule-line'))
  await waitFor('the Settings schedule line', async () => {
    const text = await line.innerText()
    return text.includes('every 30 min') && text.includes(clock)
  })
  await shot('06-settings')
  await page.click(tid('tab-inventory'))
  const panel = await page.locator(tid('schedule-line')).innerText()
  expect(panel.includes('every 30 min') && panel.includes(clock), `the Control Panel's schedule line: ${panel}`)
})

suite.scenario('progress shows phase and count, and Cancel cancels the run', async () => {
  await openConnection('Slow shop')
  await chooseAction('full')
  const bar = page.locator(tid('sync-progress'))
  await page.locator(`${tid('sync-progress')}[data-phase="pushing"]`).waitFor()
  // "200 / 1,000": some pushed, not all.
  await waitFor('a pushed count', async () => {
    const [done, total] = (await page.locator(tid('sync-progress-count')).innerText()).split('/').map((x) => Number(x.replace(/\D/g, '')))
    return done > 0 && done < total && total === 1000
  })
  await shot('07-progress', { keepToasts: true })
  const runId = Number(await bar.getAttribute('data-run-id'))
  await page.click(tid('sync-cancel'))
  await bar.waitFor({ state: 'detached' })
  const run = await waitFor('the cancelled run in the database', async () => {
    const r = await lastRun('Slow shop')
    return r.runId === runId && r.status !== 'running' && r
  })
  expectEqual(run.status, 'cancelled', 'status of the cancelled run')
  expect(run.counts.pushed < 1000, `a cancelled run pushed everything (${run.counts.pushed})`)
})

suite.scenario('Preview changes writes nothing', async () => {
  // The cancelled run left the Slow shop's store half written: a preview
  // has plenty to show, and the store's file must stay byte for byte.
  const storeFile = join(dataDir, 'demo', `${ids.slow}-store.json`)
  await openConnection('Slow shop')
  const before = {
    store: fileHash(storeFile),
    inventory: await cli(dataDir, 'inventory', '--connection', 'Slow shop'),
    runs: (await cli(dataDir, 'history', '--connection', 'Slow shop')).length,
  }
  expect(before.inventory.items.some((i) => i.storeQty !== i.warehouseQty), 'the Slow shop has nothing left to push')
  await chooseAction('preview')
  const modal = page.locator(tid('preview-modal'))
  const pushed = modal.locator(`${tid('preview-counts')} .n-statistic`).first()
  await waitFor('the preview to show SKUs to push', async () => /Would update(?: \(pending retries\))?\s+[1-9]/.test(await pushed.innerText()))
  await shot('04-preview-modal')
  // The Full mode reads both sides again: still a dry run.
  await modal.locator(`${tid('preview-mode')} >> text=Full inventory update`).click()
  await waitFor('the Full preview', async () => /Run this Full Sync/.test(await modal.locator(tid('preview-run')).innerText()))
  await waitFor('the Full preview counts', async () => /Would update(?: \(pending retries\))?\s+[1-9]/.test(await pushed.innerText()))
  await modal.locator('button:has-text("Close")').click()
  await modal.waitFor({ state: 'detached' })
  expectEqual(fileHash(storeFile), before.store, 'the demo store file after previewing')
  expectEqual(await cli(dataDir, 'inventory', '--connection', 'Slow shop'), before.inventory, 'inventory after previewing')
  expectEqual((await cli(dataDir, 'history', '--connection', 'Slow shop')).length, before.runs, 'runs after previewing')
})

suite.scenario('Full inventory update on a connection made with the Add connection wizard', async () => {
  await toConnections()
  await page.click(tid('add-connection'))
  await page.click(tid('wizard-warehouse-demo'))
  await page.click(tid('wizard-store-demo'))
  await shot('03a-wizard-choose')
  await page.click(tid('wizard-next'))
  await page.fill(tid('wizard-name'), 'E2E shop')
  await page.fill(tid('field-warehouse-skus'), '300')
  await page.click(tid('wizard-to-test'))
  await page.click(tid('wizard-test'))
  await waitFor('both sides to pass the test', async () => page.isEnabled(tid('wizard-create')))
  await shot('03b-wizard-test')
  await page.click(tid('wizard-create'))
  await page.locator(tid('wizard-first-sync')).waitFor()
  await shot('03c-wizard-done')
  const created = await cli(dataDir, 'connection', 'list').then((l) => l.find((c) => c.name === 'E2E shop'))
  expect(created, 'the CLI does not list the new connection')
  ids.added = created.id
  expectEqual(created.warehouse.settings.skus, '300', 'the warehouse size typed in the wizard')
  // Later, then the Control Panel's own Full inventory update.
  await page.click(`${tid('wizard')} >> button:has-text("Later")`)
  await page.waitForSelector(`${tid('connection-title')}:text-is("E2E shop")`)
  await page.locator(tid('inventory-empty')).waitFor()
  await shot('02c-inventory-empty')
  await chooseAction('full')
  const run = await waitFor('the Full run to finish', async () => {
    const r = await lastRun('E2E shop')
    return r && r.status !== 'running' && r
  })
  expectEqual([run.status, run.modeRequested, run.modeRun], ['succeeded', 'full', 'full'], 'the run')
  expectEqual([run.counts.read, run.counts.pushed, run.counts.failed], [300, 300, 0], 'read, pushed, failed')
  await waitFor('the table to show 300 SKUs', async () =>
    (await page.locator(tid('inventory-footer')).innerText()).includes('of 300 SKUs'))
  const inv = (await cli(dataDir, 'inventory', '--connection', 'E2E shop')).items
  expect(inv.length === 300 && inv.every((i) => i.state === 'in_sync' && i.storeQty === i.publishedQty), 'every SKU in sync after Full')
  await page.click(tid('tab-history'))
  expectEqual((await historyCells(run.runId)).pushed, '300', 'pushed in the History row')
})

suite.scenario('a bundle added in Settings shows what it makes, and Preview says which component limits it', async () => {
  await openConnection('E2E shop', 'settings')
  const stock = (await cli(dataDir, 'inventory', '--connection', 'E2E shop')).items.filter((i) => i.warehouseQty >= 2)
  const [a, b] = stock
  const makes = Math.min(a.warehouseQty, Math.floor(b.warehouseQty / 2))
  const card = page.locator(tid('settings-bundles'))
  await card.scrollIntoViewIfNeeded()
  await page.click(tid('bundles-add'))
  const editor = page.locator(tid('bundle-editor'))
  await page.fill(`${tid('bundle-sku')} input`, 'E2E-KIT')
  await page.click(tid('bundle-add-part'))
  const parts = editor.locator(`${tid('bundle-parts')} tbody tr`)
  await parts.nth(0).locator('.n-input:not(.n-input-number) input').first().fill(a.sku)
  await parts.nth(1).locator('input').first().fill(b.sku)
  await parts.nth(1).locator('.n-input-number input').fill('2')
  await parts.nth(1).locator('.n-input-number input').press('Tab')
  await page.click(tid('bundle-save'))
  await editor.waitFor({ state: 'detached' })
  const row = card.locator('tr', { hasText: 'E2E-KIT' })
  await waitFor('the new bundle in the table', async () => (await row.count()) === 1)
  expect((await row.innerText()).includes(String(makes)), `the bundle row says it makes ${makes}: ${await row.innerText()}`)
  const listed = (await cli(dataDir, 'bundles', '--connection', 'E2E shop', 'list')).find((x) => x.sku === 'E2E-KIT')
  expectEqual(listed && [listed.makes, listed.components.length], [makes, 2], 'the bundle as the CLI lists it')

  // A bundle cannot be a component of another: the editor says so and saves nothing.
  await page.click(tid('bundles-add'))
  await page.fill(`${tid('bundle-sku')} input`, 'E2E-BIG')
  await editor.locator(`${tid('bundle-parts')} tbody tr input`).first().fill('E2E-KIT')
  await page.click(tid('bundle-save'))
  await page.locator(tid('bundle-error'), { hasText: 'E2E-KIT is a bundle and also a component of bundle E2E-BIG' }).waitFor()
  await shot('10a-bundle-refused')
  await editor.locator('button:has-text("Cancel")').click()
  await editor.waitFor({ state: 'detached' })
  await card.scrollIntoViewIfNeeded()
  await shot('10-settings-bundles')
  expectEqual((await cli(dataDir, 'bundles', '--connection', 'E2E shop', 'list')).length, 1, 'bundles after the refused one')

  await page.click(tid('tab-inventory'))
  await page.waitForSelector(tid('control-panel'))
  await chooseAction('preview')
  const modal = page.locator(tid('preview-modal'))
  await modal.locator('.n-tabs-tab:has-text("All changes")').click()
  const note = modal.locator(tid('preview-bundle')).first()
  await note.waitFor()
  expect(/^Bundle, limited by .+: -?\d+ ÷ [12]$/.test(await note.innerText()), `the preview's bundle line: ${await note.innerText()}`)
  await shot('11-preview-bundle')
  await modal.locator('button:has-text("Close")').click()
  await modal.waitFor({ state: 'detached' })
})

suite.scenario('delete a connection', async () => {
  await openConnection('E2E shop', 'settings')
  await page.click(tid('settings-delete'))
  await page.locator(tid('delete-dialog')).waitFor()
  await shot('08-delete-dialog')
  await page.click(tid('delete-confirm'))
  await page.waitForSelector(tid('connections-list'))
  await page.locator(`${tid('connection-card')}[data-connection-name="E2E shop"]`).waitFor({ state: 'detached' })
  const names = (await cli(dataDir, 'connection', 'list')).map((c) => c.name).sort()
  expectEqual(names, ['Demo', 'Slow shop'], 'connections after deleting')
  await shot('09-connections-after')
})

suite.scenario('the window raised no uncaught errors', async () => {
  expect(pageErrors.length === 0, `uncaught errors in the page:\n${pageErrors.join('\n')}`)
})

let failed = 1
try {
  failed = await suite.run()
} finally {
  await browser?.close()
  await app.stop()
  if (!failed) rmSync(tempDir, { recursive: true, force: true })
  else console.log(`the data dir is kept: ${dataDir}; the app log: ${app.log}`)
}
process.exit(failed ? 1 : 0)
