import type { GlobalThemeOverrides } from 'naive-ui'
import { windowFonts } from './lib/fonts'

const brand = {
  primaryColor: '#3f6ee8',
  primaryColorHover: '#5a84f0',
  primaryColorPressed: '#2f58c6',
  primaryColorSuppl: '#5a84f0',
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

export const lightOverrides: GlobalThemeOverrides = {
  ...scale,
  common: { ...scale.common, ...brand, bodyColor: '#f3f4f6' },
}

export const darkOverrides: GlobalThemeOverrides = {
  ...scale,
  common: { ...scale.common, ...brand, primaryColor: '#6a8ff2', primaryColorHover: '#86a5f5', bodyColor: '#101014' },
}
