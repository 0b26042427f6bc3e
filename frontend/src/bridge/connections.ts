import { callGo } from './wails'
import type {
  Connection,
  Kind,
  NewConnection,
  RulePreviewRow,
  Rules,
  RulesEffect,
  Schedule,
  ScheduleInput,
  TestReport,
} from './types'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'ConnectionService', method, ...args)

export const connectionsApi = {
  kinds: () => svc<Kind[] | null>('Kinds'),
  list: () => svc<Connection[] | null>('List'),
  get: (id: number) => svc<Connection>('Get', id),
  test: (req: NewConnection) => svc<TestReport>('Test', req),
  /** Trusts the SFTP server whose fingerprint Test connection showed. */
  trustHostKey: (fingerprint: string) => svc<void>('TrustHostKey', fingerprint),
  create: (req: NewConnection) => svc<Connection>('Create', req),
  rename: (id: number, name: string) => svc<Connection>('Rename', id, name),
  /** Tests edited settings of a connection; a secret left blank is the stored one. */
  testEdit: (id: number, req: NewConnection) => svc<TestReport>('TestEdit', id, req),
  /** Saves edited settings; kinds, name, schedule, rules and history stay. */
  update: (id: number, req: NewConnection) => svc<Connection>('Update', id, req),
  remove: (id: number) => svc<void>('Delete', id),
  setSchedule: (id: number, input: ScheduleInput) => svc<Schedule>('SetSchedule', id, input),
  setRules: (id: number, rules: Rules) => svc<Connection>('SetRules', id, rules),
  previewRules: (id: number, rules: Rules) => svc<RulePreviewRow[] | null>('PreviewRules', id, rules),
  /** How many SKUs the rules would publish as 0, over the whole catalogue. */
  rulesEffect: (id: number, rules: Rules) => svc<RulesEffect>('RulesEffect', id, rules),
  /** Imports a two-column CSV (warehouse SKU, store SKU); resolves to the rows imported. */
  importMapping: (id: number, csvText: string) => svc<number>('ImportMapping', id, csvText),
  setRetention: (id: number, days: number) => svc<Connection>('SetRetention', id, days),
  /** How long one run may take before it is stopped; 0 is the default. */
  setRunDeadline: (id: number, minutes: number) => svc<Connection>('SetRunDeadline', id, minutes),
}

export type ConnectionsApi = typeof connectionsApi
