import { callGo } from './wails'
import type { ChartPoint, HistoryQuery, Run } from './types'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'HistoryService', method, ...args)

export const historyApi = {
  list: (q: HistoryQuery) => svc<Run[] | null>('List', q),
  get: (runId: number) => svc<Run>('Get', runId),
  exportCSV: (runId: number) => svc<string>('ExportCSV', runId),
  chart: (connectionId: number, days: number) => svc<ChartPoint[] | null>('Chart', connectionId, days),
}

export type HistoryApi = typeof historyApi
