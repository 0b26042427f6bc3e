// Screenshots of the main screens for a person to look at (issue 16's
// "before and after"), light and dark, at 1366x850 and 1024x700. Not a
// test: it asserts nothing beyond the screens opening.
//
//   SHELFSYNC_BIN=… SHELFSYNC_DEV_BIN=… node frontend/e2e/screens.mjs OUTDIR
//
// Connections, made with the CLI as in window.e2e.mjs: Demo (healthy),
// Warehouse CSV (a row it cannot read: needs attention), Closed shop (its
// file renamed away: failing).

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { cli, launchBrowser, repoRoot, startApp } from './harness.mjs'

const outDir = process.argv[2]
if (!outDir) throw new Error('usage: node frontend/e2e/screens.mjs OUTDIR')
mkdirSync(outDir, { recursive: true })
const tid = (id) => `[data-testid="${id}"]`

const tempDir = mkdtempSync(join(tmpdir(), 'shelfsync-screens-'))
const dataDir = join(tempDir, 'data')
const lines = ['sku,name,quantity']
for (let i = 1; i <= 20; i++) lines.push(`CSV-${String(i).padStart(2, '0')},Blue mug ${i},${i * 3}`)
const good = lines.join('\n') + '\n'
const bad = lines.map((l) => (l.startsWith('CSV-10,') ? 'CSV-10,Blue mug 10,twelve' : l)).join('\n') + '\n'
const warehouseFeed = join(tempDir, 'warehouse.csv')
const closedFeed = join(tempDir, 'closed.csv')
writeFileSync(warehouseFeed, bad)
writeFileSync(closedFeed, good)

await cli(dataDir, 'connection', 'add', '--name', 'Demo', '--warehouse', 'demo', '--store', 'demo', '--no-schedule')
await cli(dataDir, 'connection', 'add', '--name', 'Warehouse CSV', '--warehouse', `csv:${warehouseFeed}`, '--store', 'demo', '--no-schedule')
await cli(dataDir, 'connection', 'add', '--name', 'Closed shop', '--warehouse', `csv:${closedFeed}`, '--store', 'demo', '--no-schedule')
const sync = (name) => cli(dataDir, 'sync', '--connection', name).catch(() => null)
await sync('Demo')
await sync('Warehouse CSV')
await sync('Closed shop')
renameSync(closedFeed, closedFeed + '.moved')
await sync('Closed shop')

// The Shopify fake (scripts/fakeshop), when built, for the wizard's Test step.
const fakeShopBin = process.env.SHELFSYNC_FAKESHOP_BIN || join(repoRoot, 'build/bin/fakeshop')
const fakeShop = existsSync(fakeShopBin) ? spawn(fakeShopBin, [], { stdio: ['ignore', 'pipe', 'inherit'] }) : null
const shopify = fakeShop && JSON.parse(await new Promise((ok) => createInterface({ input: fakeShop.stdout }).once('line', ok)))

const app = await startApp(dataDir, { env: { SHELFSYNC_STARTUP_DELAY: '1h' }, log: join(outDir, 'app.log') })
const browser = await launchBrowser()
try {
  for (const scheme of ['light', 'dark']) {
    for (const [w, h] of [[1366, 850], [1024, 700]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme })
      page.setDefaultTimeout(20_000)
      const shot = async (name) => {
        await page.waitForTimeout(500)
        await page.screenshot({ path: join(outDir, `${name}-${w}x${h}-${scheme}.png`) })
      }
      const closeToasts = async () => {
        for (const c of await page.locator('.n-notification .n-base-close').all()) await c.click().catch(() => {})
      }
      const home = async () => {
        await closeToasts()
        await page.click(tid('nav-home'))
        await page.waitForSelector(tid('connections-list'))
      }
      const open = async (name, tab) => {
        await home()
        await page.locator(`${tid('connection-card')}[data-connection-name="${name}"] ${tid('connection-name')}`).click()
        await page.waitForSelector(`${tid('connection-title')}:text-is("${name}")`)
        if (tab) await page.click(tid(`tab-${tab}`))
      }
      await page.goto(app.url)
      await page.locator(tid('connection-card')).nth(2).waitFor()
      await closeToasts()
      await shot('connections')

      await open('Warehouse CSV')
      await page.locator(tid('inventory-row')).first().waitFor()
      await shot('inventory')

      await open('Warehouse CSV', 'history')
      await page.locator(tid('history-row')).first().waitFor()
      await shot('history-warnings')

      await open('Closed shop', 'settings')
      await page.click(tid('settings-edit'))
      await page.locator(tid('edit-connection')).waitFor()
      await shot('edit-connection')
      await page.keyboard.press('Escape')
      await page.locator(tid('edit-connection')).waitFor({ state: 'detached' })

      await home()
      await page.click(tid('add-connection'))
      await page.click(tid('wizard-warehouse-csv'))
      await page.click(tid('wizard-store-shopify'))
      await shot('wizard-choose')
      await page.click(tid('wizard-next'))
      await page.fill(tid('field-warehouse-source'), join(tempDir, 'inventory.csv'))
      await page.fill(tid('field-store-shop'), 'acme.myshopify.com')
      await shot('wizard-csv-shopify')
      if (shopify) {
        await page.fill(tid('field-warehouse-source'), warehouseFeed)
        await page.fill(tid('field-store-shop'), shopify.url)
        await page.fill(tid('field-store-token'), shopify.token)
        await page.click(tid('wizard-to-test'))
        await page.click(tid('wizard-test'))
        await page.locator(tid('choose-store-location')).waitFor()
        await shot('wizard-shopify-tested')
      }
      await page.keyboard.press('Escape')
      await page.close()
    }
  }
} finally {
  await browser.close()
  await app.stop()
  fakeShop?.kill()
  rmSync(tempDir, { recursive: true, force: true })
}
