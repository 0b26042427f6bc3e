// What the end-to-end suite and the UI benchmark share: the real app served
// to a browser, the CLI on the same data dir, Debian's chromium, and a tiny
// sequential runner that prints one line per scenario.
//
// The app is the Wails dev build of ShelfSync (go build -tags dev): besides
// its own window it serves the frontend and the live Go bindings to any
// browser on a local port, the bound methods and events crossing a
// WebSocket (Wails' internal/frontend/devserver). scripts/e2e.sh builds it.

import { spawn, execFile } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const artifactsDir = join(repoRoot, 'artifacts', 'e2e')

const execFileP = promisify(execFile)

/** The production binary, for the CLI, as the Makefile passes it. */
export const cliBin = process.env.SHELFSYNC_BIN || join(repoRoot, 'build/bin/shelfsync')
/** The dev build that serves the window to a browser. */
export const devBin = process.env.SHELFSYNC_DEV_BIN || join(repoRoot, 'build/bin/shelfsync-dev')

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** A port nobody listens on right now, on loopback. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Polls fn until it returns something truthy, or fails with what it waited for. */
export async function waitFor(what, fn, { timeout = 20_000, every = 100 } = {}) {
  const end = Date.now() + timeout
  let last
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`)
    await sleep(every)
  }
}

/**
 * Starts the dev build on dataDir under a private X display (xvfb-run) and a
 * private session bus (dbus-run-session), so its tray, notifications and
 * single-instance lock touch nothing of the machine's own desktop. Returns
 * the URL a browser opens and stop().
 */
export async function startApp(dataDir, { env = {}, log = join(artifactsDir, 'app.log') } = {}) {
  mkdirSync(dirname(log), { recursive: true })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const out = openSync(log, 'w')
  const child = spawn(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x800x24 -nolisten tcp', 'dbus-run-session', '--', devBin],
    {
      detached: true, // its own process group, so stop() ends Xvfb and the bus with it
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        SHELFSYNC_DATA_DIR: dataDir,
        // Read by Wails' dev build instead of its command-line flags, which
        // ShelfSync's own argument parser would refuse.
        devserver: `127.0.0.1:${port}`,
        assetdir: join(repoRoot, 'frontend/dist'),
        ...env,
      },
    },
  )
  closeSync(out)
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))
  try {
    await waitFor(
      `the app to serve ${url}`,
      async () => {
        if (exited) throw new Error(`the app exited (${JSON.stringify(exited)}); see ${log}`)
        const res = await fetch(url)
        return res.ok
      },
      { timeout: 90_000, every: 250 },
    )
  } catch (e) {
    stopGroup(child)
    throw new Error(`${e.message}\n--- ${log}:\n${tail(log)}`)
  }
  return {
    url,
    log,
    async stop() {
      if (exited) return
      const gone = new Promise((r) => child.once('exit', r))
      stopGroup(child, 'SIGTERM')
      const killed = await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)])
      if (killed) stopGroup(child, 'SIGKILL')
    },
  }
}

/** The password the serve target logs in with (scripts/e2e-serve.sh). */
export const servePassword = 'e2e password, not secret'

/**
 * Starts `shelfsync serve` (the production binary, headless or desktop) on
 * dataDir with a password, on a free loopback port: the same frontend over
 * HTTP and Server-Sent Events instead of Wails' bindings. Returns what
 * startApp returns, plus logIn(page), which fills the login form.
 */
export async function startServe(dataDir, { env = {}, log = join(artifactsDir, 'serve.log') } = {}) {
  mkdirSync(dirname(log), { recursive: true })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const out = openSync(log, 'w')
  const child = spawn(cliBin, ['--data-dir', dataDir, 'serve', '--listen', `127.0.0.1:${port}`], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...noBus, SHELFSYNC_PASSWORD: servePassword, ...env },
  })
  closeSync(out)
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))
  try {
    await waitFor(
      `shelfsync serve to answer at ${url}`,
      async () => {
        if (exited) throw new Error(`shelfsync serve exited (${JSON.stringify(exited)}); see ${log}`)
        return (await fetch(`${url}login`)).ok
      },
      { timeout: 30_000, every: 100 },
    )
  } catch (e) {
    stopGroup(child)
    throw new Error(`${e.message}\n--- ${log}:\n${tail(log)}`)
  }
  return {
    url,
    log,
    async logIn(page) {
      await page.waitForURL(/\/login$/)
      await page.fill('#password', servePassword)
      await Promise.all([page.waitForURL(url), page.click('button[type=submit]')])
    },
    async stop() {
      if (exited) return
      const gone = new Promise((r) => child.once('exit', r))
      stopGroup(child, 'SIGTERM')
      const killed = await Promise.race([gone.then(() => false), sleep(10_000).then(() => true)])
      if (killed) stopGroup(child, 'SIGKILL')
    },
  }
}

function stopGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

function tail(path, lines = 40) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

// No session bus for the CLI and the browser. Without this, every CLI call
// on a machine with no bus (CI) probes the keyring, and godbus then starts a
// session bus with dbus-launch that outlives the call: one stray
// dbus-daemon per call. With no bus the CLI keeps secrets in the data dir's
// file, as the app does on its private bus, which has no keyring either.
const noBus = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' }

/** Runs the CLI on dataDir and parses its JSON answer. */
export async function cli(dataDir, ...args) {
  const { stdout } = await execFileP(cliBin, ['--data-dir', dataDir, ...args, '--json'], {
    maxBuffer: 512 * 1024 * 1024,
    env: noBus,
  })
  return JSON.parse(stdout)
}

/** Runs the CLI on dataDir for its effect; returns its text output. */
export async function cliText(dataDir, ...args) {
  const { stdout } = await execFileP(cliBin, ['--data-dir', dataDir, ...args], { maxBuffer: 64 * 1024 * 1024, env: noBus })
  return stdout
}

/** Debian's chromium, headless, with a fresh empty profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromiumArgs, env: noBus })
}

/**
 * A sequential runner: scenarios share one app and one page, run in order,
 * and each prints "ok" or "FAIL"; the last line counts them.
 */
export class Suite {
  constructor() {
    this.scenarios = []
  }

  scenario(name, fn) {
    this.scenarios.push({ name, fn })
  }

  async run() {
    let passed = 0
    let failed = 0
    for (const { name, fn } of this.scenarios) {
      const t0 = Date.now()
      try {
        await fn()
        passed++
        console.log(`ok   - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
      } catch (e) {
        failed++
        console.log(`FAIL - ${name}\n       ${String(e?.stack ?? e).split('\n').join('\n       ')}`)
        if (this.onFailure) await this.onFailure(name).catch(() => {})
      }
    }
    console.log(`${passed} passed, ${failed} failed`)
    return failed
  }
}

/** Throws with a message that says what was expected and what came. */
export function expectEqual(actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}

export function expect(cond, what) {
  if (!cond) throw new Error(what)
}
