package services

import (
	"log/slog"
	"strconv"

	"shelfsync/backend/secrets"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// Settings keys of the app-wide preferences.
const (
	settingPaused     = "schedule.paused"
	settingTrayHinted = "tray.hinted"
	// settingSecretsNoticed holds the secrets notice last shown, so the
	// same sentence is not said over the table at every start.
	settingSecretsNoticed = "notice.secrets"
	settingWindowX        = "window.x"
	settingWindowY        = "window.y"
	settingWindowW        = "window.width"
	settingWindowH        = "window.height"
)

// PreferencesService keeps the app-wide preferences: automatic sync paused
// for every connection, the window's place, the tray hint shown once.
type PreferencesService struct {
	db            *storage.DB // the settings, and a recovered database's notice
	schedules     Schedules
	secretBackend secrets.Backend
	dataDir       string
	log           *slog.Logger
}

func newPreferencesService(db *storage.DB, schedules Schedules, secretBackend secrets.Backend, dataDir string, log *slog.Logger) *PreferencesService {
	return &PreferencesService{db: db, schedules: schedules, secretBackend: secretBackend, dataDir: dataDir, log: log}
}

// Paused reports whether automatic sync is paused (the tray's toggle too).
func (s *PreferencesService) Paused() bool { return s.schedules.Paused() }

// SetPaused pauses or resumes automatic sync and remembers it; every
// connection's schedule:changed event, which the tray follows, carries the
// new state.
func (s *PreferencesService) SetPaused(paused bool) error { return s.schedules.SetPaused(paused) }

// WindowPlace is the window's saved position and size; zeros when never
// saved.
func (s *PreferencesService) WindowPlace() types.WindowPlace {
	get := func(key string) int {
		n, _ := strconv.Atoi(s.db.GetSetting(key, "")) // unset or damaged: 0, the window's default
		return n
	}
	return types.WindowPlace{X: get(settingWindowX), Y: get(settingWindowY), Width: get(settingWindowW), Height: get(settingWindowH)}
}

// SaveWindowPlace remembers the window's position and size for next time.
func (s *PreferencesService) SaveWindowPlace(p types.WindowPlace) {
	for key, v := range map[string]int{settingWindowX: p.X, settingWindowY: p.Y, settingWindowW: p.Width, settingWindowH: p.Height} {
		if err := s.db.SetSetting(key, strconv.Itoa(v)); err != nil {
			// The window opens at its default place next time; nothing else.
			s.log.Warn("the window's place was not saved", "setting", key, "error", err)
		}
	}
}

// FirstHide reports, once, that the window hides to the tray for the first
// time, so the merchant is told where ShelfSync went.
func (s *PreferencesService) FirstHide() bool {
	if s.db.GetSetting(settingTrayHinted, "") != "" {
		return false
	}
	if err := s.db.SetSetting(settingTrayHinted, "1"); err != nil {
		// The hint shows again next time; better than never.
		s.log.Warn("the tray hint was not remembered", "error", err)
	}
	return true
}

// Notices are sentences the window shows once when it opens: a damaged
// database set aside and replaced, secrets kept in a file for want of a
// keyring (said once per data folder, not at every start).
func (s *PreferencesService) Notices() []string {
	notices := []string{}
	if s.db.Recovered != "" {
		notices = append(notices, s.db.Recovered)
	}
	if n := s.secretBackend.Notice(s.dataDir); n != "" && s.db.GetSetting(settingSecretsNoticed, "") != n {
		notices = append(notices, n)
		if err := s.db.SetSetting(settingSecretsNoticed, n); err != nil {
			s.log.Warn("the secrets notice was not remembered; it shows again next start", "error", err)
		}
	}
	return notices
}
