// Code generated from the bound Go objects by `make types`; DO NOT EDIT.
// Each bound method with its number of arguments: window.go[pkg][struct][method].

export const boundMethods: Record<string, Record<string, Record<string, number>>> = {
  desktop: {
    WindowService: { ChooseFile: 1, NotifyPolicy: 0, Quit: 0, SaveRunCSV: 1, SetNotifyPolicy: 1, SetStartAtLogin: 1, StartAtLogin: 0 },
  },
  services: {
    BundleService: { Import: 2, List: 1, Remove: 2, Save: 3 },
    ConnectionService: { ByName: 1, Create: 1, Delete: 1, Get: 1, ImportMapping: 2, Kinds: 0, List: 0, PreviewRules: 2, Rename: 2, RulesEffect: 2, SetRetention: 2, SetRules: 2, SetRunDeadline: 2, SetSafetyLimits: 3, SetSchedule: 2, Test: 1, TestEdit: 2, TrustHostKey: 1, Update: 2 },
    DiagnosticsService: { DataDir: 0, LogFolder: 0, OpenLogFolder: 0, Report: 0, Version: 0 },
    HistoryService: { Chart: 2, ExportCSV: 1, Get: 1, List: 1 },
    InventoryService: { Page: 1 },
    LocationService: { Map: 1, Reset: 1, SetFeed: 3 },
    PreferencesService: { FirstHide: 0, Notices: 0, Paused: 0, SaveWindowPlace: 1, SetPaused: 1, WindowPlace: 0 },
    SyncService: { Cancel: 1, ClearStuck: 1, Preview: 2, PreviewUndo: 1, RepairDrift: 1, Running: 0, Start: 2, StartAll: 0, StartConfirmed: 2, StuckRuns: 1, TrackStock: 1, Undo: 1 },
  },
}
