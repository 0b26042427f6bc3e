import type { GlobalThemeOverrides } from 'naive-ui'
import { windowFonts } from './lib/fonts'

/**
 * The window's colours, light and dark: written here once, given to Naive
 * UI's components as theme overrides and to ours (the first page's,
 * components/base) as CSS custom properties, so both draw with the same
 * ones. The status colours are Naive UI's own, kept so its tags and ours
 * match.
 */
export interface Palette {
  primary: string
  primaryHover: string
  primaryPressed: string
  info: string
  success: string
  warning: string
  warningHover: string
  warningPressed: string
  error: string
  errorHover: string
  errorPressed: string
  /** The window behind the cards. */
  body: string
  card: string
  /** A card's action strip along its bottom. */
  action: string
  /** Body text and strong text (titles). */
  text: string
  textStrong: string
  /** Quiet text: see-through, so it reads on any fill (labels, counts, hints). */
  textMuted: string
  /** Naive UI's quiet text (its depth 3): captions and subtitles. */
  textSubtle: string
  /** Quieter still: an empty list's icon and words. */
  textFaint: string
  /** Our lines and frames; a plain button's or field's border; a card's and the header's line. */
  border: string
  controlBorder: string
  cardBorder: string
  divider: string
  /** A card lifted under the pointer. */
  shadow: string
  /** A loading placeholder, breathing between two shades. */
  skeleton: string
  skeletonEnd: string
  /** A neutral button's or tag's fill: its rest, hover and press. */
  fill: string
  fillHover: string
  fillPressed: string
  /** A plain tag's fill. */
  tagFill: string
  /** Text drawn on a primary-coloured button. */
  onPrimary: string
}

export const palettes: Record<'light' | 'dark', Palette> = {
  light: {
    primary: '#3f6ee8',
    primaryHover: '#5a84f0',
    primaryPressed: '#2f58c6',
    info: '#2080f0',
    success: '#18a058',
    warning: '#f0a020',
    warningHover: '#fcb040',
    warningPressed: '#c97c10',
    error: '#d03050',
    errorHover: '#de576d',
    errorPressed: '#ab1f3f',
    body: '#f3f4f6',
    card: '#ffffff',
    action: 'rgb(250, 250, 252)',
    text: 'rgb(51, 54, 57)',
    textStrong: 'rgb(31, 34, 37)',
    textMuted: 'rgba(31, 34, 41, 0.62)',
    textSubtle: 'rgb(118, 124, 130)',
    textFaint: 'rgb(194, 194, 194)',
    border: 'rgba(31, 34, 41, 0.12)',
    controlBorder: 'rgb(224, 224, 230)',
    cardBorder: 'rgb(239, 239, 245)',
    divider: 'rgb(239, 239, 245)',
    shadow: '0 1px 2px -2px rgba(0, 0, 0, 0.08), 0 3px 6px 0 rgba(0, 0, 0, 0.06), 0 5px 12px 4px rgba(0, 0, 0, 0.04)',
    skeleton: '#eeeeee',
    skeletonEnd: '#dddddd',
    fill: 'rgba(46, 51, 56, 0.05)',
    fillHover: 'rgba(46, 51, 56, 0.09)',
    fillPressed: 'rgba(46, 51, 56, 0.13)',
    tagFill: 'rgb(238, 238, 238)',
    onPrimary: '#ffffff',
  },
  dark: {
    primary: '#6a8ff2',
    primaryHover: '#86a5f5',
    primaryPressed: '#2f58c6',
    info: '#70c0e8',
    success: '#63e2b7',
    warning: '#f2c97d',
    warningHover: '#f5d599',
    warningPressed: '#e6c260',
    error: '#e88080',
    errorHover: '#e98b8b',
    errorPressed: '#e57272',
    body: '#101014',
    card: 'rgb(24, 24, 28)',
    action: 'rgba(255, 255, 255, 0.06)',
    text: 'rgba(255, 255, 255, 0.82)',
    textStrong: 'rgba(255, 255, 255, 0.9)',
    textMuted: 'rgba(235, 237, 242, 0.6)',
    textSubtle: 'rgba(255, 255, 255, 0.52)',
    textFaint: 'rgba(255, 255, 255, 0.38)',
    border: 'rgba(235, 237, 242, 0.14)',
    controlBorder: 'rgba(255, 255, 255, 0.24)',
    cardBorder: 'rgba(255, 255, 255, 0.09)',
    divider: 'rgba(255, 255, 255, 0.06)',
    shadow: '0 1px 2px -2px rgba(0, 0, 0, 0.24), 0 3px 6px 0 rgba(0, 0, 0, 0.18), 0 5px 12px 4px rgba(0, 0, 0, 0.12)',
    skeleton: 'rgba(255, 255, 255, 0.12)',
    skeletonEnd: 'rgba(255, 255, 255, 0.18)',
    fill: 'rgba(255, 255, 255, 0.08)',
    fillHover: 'rgba(255, 255, 255, 0.12)',
    fillPressed: 'rgba(255, 255, 255, 0.08)',
    tagFill: 'rgb(51, 51, 51)',
    onPrimary: '#000000',
  },
}

/** --ss-primary, --ss-text-muted…: each palette entry as a CSS custom property. */
export function paletteProperties(p: Palette): string {
  return Object.entries(p)
    .map(([name, value]) => `--ss-${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${value};`)
    .join(' ')
}

/** The palettes as one style sheet: light, and dark when the desktop asks for it. */
export function paletteCss(): string {
  return (
    `:root { ${paletteProperties(palettes.light)} }\n` +
    `@media (prefers-color-scheme: dark) { :root { ${paletteProperties(palettes.dark)} } }\n`
  )
}

/** Gives the palettes to the page before it mounts. */
export function applyPalette(doc: Document = document): void {
  const sheet = doc.createElement('style')
  sheet.id = 'ss-palette'
  sheet.textContent = paletteCss()
  doc.head.appendChild(sheet)
}

// The type scale of style.css (--ss-text-*), given to Naive UI so its
// components and ours speak the same sizes; tables are dense, as in an
// admin where a merchant scans hundreds of rows. The fonts too: Naive UI's
// own stack (v-sans, system-ui, ..., then emoji families) would send
// WebKitGTK through fontconfig family by family (lib/fonts.ts).
const scale = {
  common: {
    fontFamily: windowFonts.ui,
    fontFamilyMono: windowFonts.mono,
    borderRadius: '8px',
    fontSize: '14px',
    fontSizeSmall: '13px',
    fontSizeMedium: '14px',
    fontSizeLarge: '16px',
  },
  Card: { borderRadius: '12px', titleFontSizeMedium: '16px', titleFontSizeSmall: '14px' },
  DataTable: {
    thPaddingMedium: '10px 12px',
    tdPaddingMedium: '8px 12px',
    fontSizeMedium: '13px',
  },
  Tag: { fontSizeSmall: '12px', fontSizeTiny: '12px' },
}

function naiveOverrides(p: Palette): GlobalThemeOverrides {
  return {
    ...scale,
    common: {
      ...scale.common,
      primaryColor: p.primary,
      primaryColorHover: p.primaryHover,
      primaryColorPressed: p.primaryPressed,
      primaryColorSuppl: p.primaryHover,
      infoColor: p.info,
      successColor: p.success,
      warningColor: p.warning,
      warningColorHover: p.warningHover,
      warningColorPressed: p.warningPressed,
      errorColor: p.error,
      errorColorHover: p.errorHover,
      errorColorPressed: p.errorPressed,
      bodyColor: p.body,
      cardColor: p.card,
      actionColor: p.action,
      textColor2: p.text,
      textColor1: p.textStrong,
      textColor3: p.textSubtle,
      borderColor: p.controlBorder,
      dividerColor: p.divider,
    },
  }
}

export const lightOverrides = naiveOverrides(palettes.light)
export const darkOverrides = naiveOverrides(palettes.dark)
