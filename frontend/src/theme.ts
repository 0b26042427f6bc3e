import type { GlobalThemeOverrides } from 'naive-ui'

const brand = {
  primaryColor: '#3f6ee8',
  primaryColorHover: '#5a84f0',
  primaryColorPressed: '#2f58c6',
  primaryColorSuppl: '#5a84f0',
}

export const lightOverrides: GlobalThemeOverrides = {
  common: { ...brand, bodyColor: '#f7f8fa', borderRadius: '8px', fontSize: '14px' },
  Card: { borderRadius: '12px' },
}

export const darkOverrides: GlobalThemeOverrides = {
  common: { ...brand, primaryColor: '#6a8ff2', primaryColorHover: '#86a5f5', bodyColor: '#101014', borderRadius: '8px', fontSize: '14px' },
  Card: { borderRadius: '12px' },
}
