// End-to-end: a connector kind made up for this test and declared nowhere
// but in its own description (e2e_connector.go, compiled only into the
// binary scripts/e2e-serve.sh builds with -tags e2econnector) reaches the
// Add connection wizard with its fields and its short name, passes Test connection, is
// created with its secret kept out of the database, and syncs. Nothing in
// the frontend, the services or the CLI names it: they read the registry.
//
// Runs in Debian's chromium against `shelfsync serve` of that binary
// (SHELFSYNC_BIN); prints one line per scenario and exits non-zero on a
// failure.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Suite, artifactsDir, cli, cliText, expect, expectEqual, launchBrowser, startServe, waitFor } from './harness.mjs'

const tid = (id) => `[data-testid="${id}"]`

const tempDir = mkdtempSync(join(tmpdir(), 'shelfsync-e2e-connector-'))
const dataDir = join(tempDir, 'data')
mkdirSync(artifactsDir, { recursive: true })

const suite = new Suite()
const app = await startServe(dataDir, { env: { SHELFSYNC_STARTUP_DELAY: '1h' }, log: join(artifactsDir, 'serve-connector.log') })
let browser
let page
const pageErrors = []

suite.onFailure = async (name) => {
  if (page) await page.screenshot({ path: join(artifactsDir, `failed-connector-${name.replace(/\W+/g, '-')}.png`) })
}

suite.scenario('the made-up kind is offered by the CLI, from its description', async () => {
  const help = await cliText(dataDir, 'connection', 'add', '--help').catch((e) => e.stdout + e.stderr)
  for (const want of ['bins', '-warehouse-shelf string', 'bins: Shelf code', '-warehouse-shelf-key-env string']) {
    expect(help.includes(want), `connection add --help does not show ${want}:\n${help}`)
  }
})

suite.scenario('the wizard offers the made-up kind and draws its fields', async () => {
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.setDefaultTimeout(20_000)
  page.on('pageerror', (e) => pageErrors.push(e.stack))
  await page.goto(app.url)
  await app.logIn(page)
  await page.waitForSelector(tid('connections-list'))
  await page.click(tid('add-connection'))
  const choice = page.locator(tid('wizard-warehouse-bins'))
  expect((await choice.innerText()).includes('Bin shelf (made up for a test)'), `the wizard's choice reads ${await choice.innerText()}`)
  await choice.click()
  await page.click(tid('wizard-store-demo'))
  await page.click(tid('wizard-next'))
  const shelf = page.locator(tid('field-warehouse-shelf'))
  const key = page.locator(tid('field-warehouse-shelfKey'))
  await shelf.waitFor()
  const item = (input) => page.locator('.n-form-item').filter({ has: input })
  expect((await item(shelf).innerText()).includes('Shelf code'), 'the shelf field has no label "Shelf code"')
  expect((await item(shelf).innerText()).includes('Painted on the end of the shelf.'), 'the shelf field has no help')
  expectEqual(await shelf.getAttribute('placeholder'), 'A-7', 'the shelf field placeholder')
  expect((await item(key).innerText()).includes('Shelf key'), 'the key field has no label "Shelf key"')
  expectEqual(await key.getAttribute('type'), 'password', 'the secret field input type')
  // Both are required: Next waits for them.
  expect(await page.isDisabled(tid('wizard-to-test')), 'Next is enabled before the required fields are filled')
  // The depot password is asked for only for a depot's shelf; the aisle,
  // advanced, waits under More options.
  const depot = page.locator(tid('field-warehouse-depotPassword'))
  expect(!(await depot.isVisible()), 'the depot password is asked for before the shelf code says depot:')
  expect(!(await page.locator(tid('field-warehouse-aisle')).isVisible()), 'the advanced aisle field is shown before More options')
  expect((await page.locator(tid('more-warehouse')).innerText()).includes('aisle'), 'More options does not offer the aisle')
  await shelf.fill('depot:A-7')
  await depot.waitFor()
  await page.screenshot({ path: join(artifactsDir, 'connector-01-wizard-fields.png') })
  await shelf.fill('A-7')
  await depot.waitFor({ state: 'detached' })
  // The name the wizard suggests calls the shelf as its description says.
  expectEqual(await page.inputValue(tid('wizard-name')), 'shelf A-7 → Demo store', 'the suggested connection name')
})

suite.scenario('Test connection opens the made-up kind and says what it found, or why not', async () => {
  await page.fill(tid('wizard-name'), 'Shelf A-7')
  await page.fill(tid('field-warehouse-shelf'), 'A-7')
  await page.fill(tid('field-warehouse-shelfKey'), 'wrong key')
  await page.click(tid('wizard-to-test'))
  await page.click(tid('wizard-test'))
  const warehouse = page.locator(tid('test-warehouse'))
  await waitFor('the warehouse test to refuse the wrong key', async () => (await warehouse.innerText()).includes('Problem'))
  expect(await page.isDisabled(tid('wizard-create')), 'Create is enabled after a failed test')
  expect(!(await warehouse.innerText()).includes('wrong key'), 'the test result shows the secret typed')
  await page.click(`${tid('wizard')} >> button:has-text("Back")`)
  await page.fill(tid('field-warehouse-shelfKey'), 'open sesame')
  await page.click(tid('wizard-to-test'))
  await page.click(tid('wizard-test'))
  await waitFor('both sides to pass the test', async () => page.isEnabled(tid('wizard-create')))
  const text = await warehouse.innerText()
  expect(text.includes('Shelf A-7 holds 3 SKUs') && text.includes('BIN-1'), `the warehouse test reads:\n${text}`)
  await page.screenshot({ path: join(artifactsDir, 'connector-02-wizard-test.png') })
})

suite.scenario('Create keeps the made-up kind with its secret out of the database, and it syncs', async () => {
  await page.click(tid('wizard-create'))
  await page.locator(tid('wizard-first-sync')).waitFor()
  const created = (await cli(dataDir, 'connection', 'list')).find((c) => c.name === 'Shelf A-7')
  expect(created, 'the CLI does not list the connection made in the wizard')
  expectEqual([created.warehouse.kind, created.warehouse.label], ['bins', 'Bin shelf A-7'], 'the warehouse kind and label')
  expectEqual(created.warehouse.settings, { shelf: 'A-7' }, 'the plain settings stored')
  expectEqual(created.warehouse.secretsSet, ['shelfKey'], 'the secrets stored')
  await page.click(tid('wizard-first-sync'))
  const run = await waitFor('the first Full Sync to finish', async () => {
    const [r] = await cli(dataDir, 'history', '--connection', 'Shelf A-7', '--limit', '1')
    return r && r.status !== 'running' && r
  })
  expectEqual([run.status, run.counts.read], ['succeeded', 3], 'the first sync of the made-up kind')
})

// The real CSV connector says which source needs which field; a local file
// was once asked for an SFTP key passphrase the wizard had no rule for.
suite.scenario('the wizard asks a local CSV file for its path alone, and an SFTP folder for its login', async () => {
  await page.click(tid('nav-home'))
  await page.click(tid('add-connection'))
  await page.click(tid('wizard-warehouse-csv'))
  await page.click(tid('wizard-store-demo'))
  await page.click(tid('wizard-next'))
  const shown = async () => {
    const keys = ['source', 'pattern', 'password', 'privateKey', 'passphrase', 'authorization']
    const visible = await Promise.all(keys.map((k) => page.locator(tid(`field-warehouse-${k}`)).isVisible()))
    return keys.filter((_, i) => visible[i])
  }
  await page.fill(tid('field-warehouse-source'), '/srv/feeds/inventory.csv')
  expectEqual(await shown(), ['source'], 'fields a local CSV file asks for')
  await page.fill(tid('field-warehouse-source'), 'sftp://feeds@sftp.example.com/out')
  expectEqual(await shown(), ['source', 'pattern', 'password', 'privateKey', 'passphrase'], 'fields an SFTP folder asks for')
  await page.fill(tid('field-warehouse-source'), 'https://feeds.example.com/inv.csv')
  expectEqual(await shown(), ['source', 'authorization'], 'fields an HTTPS feed asks for')
  await page.locator(`${tid('wizard')} .n-base-close`).first().click()
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
  else console.log(`the data dir is kept: ${dataDir}; the serve log: ${app.log}`)
}
process.exit(failed ? 1 : 0)
