import { describe, expect, it } from 'vitest'
import { applyWindowFonts, fontPlatform, fontStacks, windowFonts } from '@/lib/fonts'
import { darkOverrides, lightOverrides } from '@/theme'

// User agents of the web views the window runs in, and of browsers on `shelfsync serve`.
const agents = {
  webview2: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  wkwebview: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  webkitgtk: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  firefoxUbuntu: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
}

const first = (stack: string) => stack.split(',')[0]?.trim()

describe('the window fonts', () => {
  it('knows the platform from the web view', () => {
    expect(fontPlatform(agents.webview2)).toBe('windows')
    expect(fontPlatform(agents.wkwebview)).toBe('mac')
    expect(fontPlatform(agents.iPad)).toBe('mac')
    expect(fontPlatform(agents.webkitgtk)).toBe('linux')
    expect(fontPlatform(agents.firefoxUbuntu)).toBe('linux')
    expect(fontPlatform(agents.android)).toBe('other')
    expect(fontPlatform('')).toBe('other')
  })

  it("starts each stack with the platform's own UI font", () => {
    expect(first(fontStacks('windows').ui)).toBe("'Segoe UI'")
    expect(first(fontStacks('mac').ui)).toBe('system-ui')
    expect(first(fontStacks('other').ui)).toBe('system-ui')
    expect(first(fontStacks('windows').mono)).toBe('Consolas')
  })

  // WebKitGTK asks fontconfig for every family it tries, per size and
  // weight: on Linux the first family must be one fontconfig always has.
  it('gives Linux generic families only', () => {
    expect(fontStacks('linux')).toEqual({ ui: 'sans-serif', mono: 'monospace' })
  })

  it('ends every stack in a generic family', () => {
    for (const p of ['windows', 'mac', 'linux', 'other'] as const) {
      expect(fontStacks(p).ui).toMatch(/(^|, )sans-serif$/)
      expect(fontStacks(p).mono).toMatch(/(^|, )monospace$/)
    }
  })

  it("is what Naive UI's theme and style.css use", () => {
    for (const o of [lightOverrides, darkOverrides]) {
      expect(o.common?.fontFamily).toBe(windowFonts.ui)
      expect(o.common?.fontFamilyMono).toBe(windowFonts.mono)
    }
    const root = document.createElement('div')
    applyWindowFonts(root)
    expect(root.style.getPropertyValue('--ss-font-ui')).toBe(windowFonts.ui)
    expect(root.style.getPropertyValue('--ss-font-mono')).toBe(windowFonts.mono)
  })
})
