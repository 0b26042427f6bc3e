// Which fonts the window asks for, per platform.
//
// Each stack starts with a family the platform's web view resolves at once
// to its own UI font, so the page reads like the desktop it runs on:
// Segoe UI in WebView2 on Windows, the system font in WKWebView on macOS,
// and on Linux the desktop's sans (fontconfig's `sans-serif`). Never one
// stack for all three: WebKitGTK resolves a family through fontconfig once
// per font size and weight the page uses, a few milliseconds each, and
// every family it does not have (Inter, Segoe UI, -apple-system, and
// `system-ui`'s GTK font on a machine without it) is such a lookup before
// the one it has; Naive UI's own stack made that 6 lookups for each of
// about 11 sizes and weights, some 250 ms of CPU before the first paint
// (BENCHMARKS.md, startup). Generic families resolve at once.

export type FontPlatform = 'windows' | 'mac' | 'linux' | 'other'

export interface FontStacks {
  /** Every text of the window. */
  ui: string
  /** Codes, paths, fingerprints. */
  mono: string
}

/** The platform whose fonts the window uses, from the web view's user agent. */
export function fontPlatform(userAgent: string): FontPlatform {
  if (/Windows/.test(userAgent)) return 'windows'
  if (/Macintosh|Mac OS X|iPhone|iPad/.test(userAgent)) return 'mac'
  if (/Android|CrOS/.test(userAgent)) return 'other'
  if (/X11|Linux|FreeBSD|OpenBSD|NetBSD/.test(userAgent)) return 'linux'
  return 'other'
}

const stacks: Record<FontPlatform, FontStacks> = {
  windows: { ui: "'Segoe UI', system-ui, sans-serif", mono: 'Consolas, monospace' },
  mac: { ui: "system-ui, -apple-system, 'Helvetica Neue', sans-serif", mono: 'ui-monospace, Menlo, monospace' },
  linux: { ui: 'sans-serif', mono: 'monospace' },
  other: { ui: 'system-ui, sans-serif', mono: 'ui-monospace, monospace' },
}

export function fontStacks(platform: FontPlatform): FontStacks {
  return stacks[platform]
}

/** This window's stacks. */
export const windowFonts: FontStacks = fontStacks(
  fontPlatform(typeof navigator === 'undefined' ? '' : navigator.userAgent),
)

/** Gives the stacks to style.css (--ss-font-ui, --ss-font-mono) before the page mounts. */
export function applyWindowFonts(root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--ss-font-ui', windowFonts.ui)
  root.style.setProperty('--ss-font-mono', windowFonts.mono)
}
