// The window's first page (Connections) paints before Naive UI is loaded:
// WebKit parsing and running Naive UI's code and styles cost about 150 ms
// of every launch (BENCHMARKS.md, startup). So nothing main.ts imports
// statically, however deep, may import naive-ui; what uses it is loaded
// with import() (lib/lazyNaive.ts, lib/toasts.ts). `import type` is fine:
// it leaves nothing in the bundle.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src')

/** The modules a file imports for their code: static imports and re-exports, not import() and not types. */
function staticImports(file: string): string[] {
  let text = readFileSync(file, 'utf8')
  if (file.endsWith('.vue')) text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
  const found: string[] = []
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[2]) continue // import type / export type
    // `import { type A, type B } from` leaves nothing behind either.
    const names = m[3]?.match(/\{([^}]*)\}/)?.[1]
    if (names && m[3]?.trim().startsWith('{') && names.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue
    if (m[4]) found.push(m[4])
  }
  return found
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? join(src, spec.slice(2)) : spec.startsWith('.') ? resolve(dirname(from), spec) : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) if (existsSync(candidate) && !candidate.endsWith('/')) {
    if (candidate === base && !/\.(ts|vue|css)$/.test(base)) continue
    return candidate
  }
  throw new Error(`${from} imports ${spec}, which is not a file here`)
}

/** Every local file the entry loads before it runs, and which of them import which packages. */
function firstLoad(entry: string) {
  const files = new Set<string>()
  const packages: { file: string; pkg: string }[] = []
  const walk = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    if (file.endsWith('.css')) return
    for (const spec of staticImports(file)) {
      const local = resolveLocal(file, spec)
      if (local) walk(local)
      else packages.push({ file: file.slice(src.length + 1), pkg: spec })
    }
  }
  walk(entry)
  return { files: [...files].map((f) => f.slice(src.length + 1)), packages }
}

describe('the first page', () => {
  const load = firstLoad(join(src, 'main.ts'))

  it('is what main.ts loads: the shell, the Connections page and its cards', () => {
    expect(load.files).toEqual(
      expect.arrayContaining(['App.vue', 'components/AppShell.vue', 'views/ConnectionsPage.vue', 'components/connections/ConnectionCard.vue']),
    )
    expect(load.files).not.toContain('views/ConnectionPage.vue')
  })

  it('loads no Naive UI before it paints', () => {
    expect(load.packages.filter((p) => p.pkg.startsWith('naive-ui'))).toEqual([])
  })
})
