import { callGo } from './wails'
import type { Mode, Preview, Progress, StuckRun, UndoPreview } from './types'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'SyncService', method, ...args)

export const syncApi = {
  /** Starts a run; resolves to its run id. */
  start: (connectionId: number, mode: Mode) => svc<number>('Start', connectionId, mode),
  /** Starts a run the safety check held, now that the user confirmed it. */
  startConfirmed: (connectionId: number, mode: Mode) => svc<number>('StartConfirmed', connectionId, mode),
  cancel: (connectionId: number) => svc<void>('Cancel', connectionId),
  /** Turns on stock tracking in the store for the SKUs it does not track, then starts a Smart Sync; resolves to its run id. */
  trackStock: (connectionId: number) => svc<number>('TrackStock', connectionId),
  /** "Repair drifted SKUs": a Smart Sync that sets back what the store changed; resolves to its run id. */
  repairDrift: (connectionId: number) => svc<number>('RepairDrift', connectionId),
  /** A dry run: what a sync would push, without writing anything. */
  preview: (connectionId: number, mode: Mode) => svc<Preview>('Preview', connectionId, mode),
  /** What undoing a run would set back, and what it would leave alone; writes nothing. */
  previewUndo: (runId: number) => svc<UndoPreview>('PreviewUndo', runId),
  /** Undoes a run as a new run (trigger undo); resolves to its id. */
  undo: (runId: number) => svc<number>('Undo', runId),
  /** Runs already going when the window opened. */
  running: () => svc<Progress[] | null>('Running'),
  /** Runs still marked running that no ShelfSync on this computer runs. */
  stuckRuns: (connectionId: number) => svc<StuckRun[] | null>('StuckRuns', connectionId),
  /** Marks those runs interrupted; refused while a sync really runs. */
  clearStuck: (connectionId: number) => svc<StuckRun[] | null>('ClearStuck', connectionId),
}

export type SyncApi = typeof syncApi
