import { describe, expect, it } from 'vitest'
import { defineComponent } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { useCardActions, useDraft } from '@/lib/saving'
import { toastsShown } from './toasts'

function withActions() {
  let actions!: ReturnType<typeof useCardActions>
  const Probe = defineComponent({
    setup() {
      actions = useCardActions()
      return () => null
    },
  })
  const w = mount(Probe, { attachTo: document.body })
  return { w, actions }
}

const deferred = () => {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)))
  return { promise, resolve, reject }
}

describe('a settings card\'s actions', () => {

  it('marks each action busy while it runs, on its own, and says what it did', async () => {
    const { w, actions } = withActions()
    const rename = deferred()
    const load = deferred()
    const renamed = actions.run('rename', () => rename.promise, () => 'Renamed.')
    const loaded = actions.run('load', () => load.promise)
    expect(actions.busy.value).toEqual({ rename: true, load: true })
    load.resolve()
    await loaded
    expect(actions.busy.value).toEqual({ rename: true, load: false })
    rename.resolve()
    expect(await renamed).toBe(true)
    expect(actions.busy.value.rename).toBe(false)
    await toastsShown()
    expect(document.body.textContent).toContain('Renamed.')
    w.unmount()
  })

  it('says a failure as a sentence and reports it to the caller', async () => {
    const { w, actions } = withActions()
    const ok = await actions.run('save', () => Promise.reject('the name is taken by another connection'), () => 'Saved.')
    expect(ok).toBe(false)
    expect(actions.busy.value.save).toBe(false)
    await toastsShown()
    expect(document.body.textContent).toContain('The name is taken by another connection')
    expect(document.body.textContent).not.toContain('Saved.')
    w.unmount()
  })
})

describe('a settings card\'s draft', () => {
  it('fills from the saved value, follows it, tells a change apart and undoes it', async () => {
    const saved = { value: { every: 30 } }
    const { ref } = await import('vue')
    const source = ref(saved.value)
    const every = ref(0)
    let draft!: ReturnType<typeof useDraft>
    const w = mount(defineComponent({
      setup() {
        draft = useDraft(() => source.value, (s) => (every.value = s.every), (s) => every.value !== s.every)
        return () => null
      },
    }))
    expect(every.value).toBe(30)
    expect(draft.dirty.value).toBe(false)
    every.value = 45
    expect(draft.dirty.value).toBe(true)
    draft.undo()
    expect(every.value).toBe(30)
    source.value = { every: 60 } // saved elsewhere: the card shows it
    await flushPromises()
    expect(every.value).toBe(60)
    expect(draft.dirty.value).toBe(false)
    w.unmount()
  })
})
