package services

import (
	"fmt"
	"shelfsync/backend/types"
	"strconv"
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
type PreferencesService struct{ core *Core }

// NewPreferencesService binds preferences to a core.
func NewPreferencesService(c *Core) *PreferencesService { return &PreferencesService{core: c} }

// Paused reports whether automatic sync is paused (the tray's toggle too).
func (s *PreferencesService) Paused() bool {
	if r := s.core.opts.Remote; r != nil {
		return r.Paused()
	}
	return s.core.scheduler != nil && s.core.scheduler.Paused()
}

// SetPaused pauses or resumes automatic sync and remembers it; every
// connection's schedule:changed event, which the tray follows, carries the
// new state.
func (s *PreferencesService) SetPaused(paused bool) error {
	if r := s.core.opts.Remote; r != nil {
		return r.SetPaused(paused)
	}
	if s.core.scheduler == nil {
		return fmt.Errorf("automatic sync runs only while the ShelfSync window or tray is open")
	}
	s.core.scheduler.SetPaused(paused)
	s.core.log.Info("automatic sync paused by the merchant", "paused", paused)
	if err := s.core.db.SetSetting(settingPaused, strconv.FormatBool(paused)); err != nil {
		s.core.log.Error("the pause was not saved", "error", err)
		return fmt.Errorf("automatic sync is %s, but ShelfSync could not remember it after a restart; check that the data folder is writable", map[bool]string{true: "paused", false: "on"}[paused])
	}
	return nil
}

// restorePaused applies the pause saved by an earlier session.
func (c *Core) restorePaused() {
	if paused, _ := strconv.ParseBool(c.db.GetSetting(settingPaused, "false")); paused && c.scheduler != nil {
		c.scheduler.SetPaused(true)
	}
}

// WindowPlace is the window's saved position and size; zeros when never
// saved.
func (s *PreferencesService) WindowPlace() types.WindowPlace {
	get := func(key string) int {
		n, _ := strconv.Atoi(s.core.db.GetSetting(key, "")) // unset or damaged: 0, the window's default
		return n
	}
	return types.WindowPlace{X: get(settingWindowX), Y: get(settingWindowY), Width: get(settingWindowW), Height: get(settingWindowH)}
}

// SaveWindowPlace remembers the window's position and size for next time.
func (s *PreferencesService) SaveWindowPlace(p types.WindowPlace) {
	for key, v := range map[string]int{settingWindowX: p.X, settingWindowY: p.Y, settingWindowW: p.Width, settingWindowH: p.Height} {
		if err := s.core.db.SetSetting(key, strconv.Itoa(v)); err != nil {
			// The window opens at its default place next time; nothing else.
			s.core.log.Warn("the window's place was not saved", "setting", key, "error", err)
		}
	}
}

// FirstHide reports, once, that the window hides to the tray for the first
// time, so the merchant is told where ShelfSync went.
func (s *PreferencesService) FirstHide() bool {
	if s.core.db.GetSetting(settingTrayHinted, "") != "" {
		return false
	}
	if err := s.core.db.SetSetting(settingTrayHinted, "1"); err != nil {
		// The hint shows again next time; better than never.
		s.core.log.Warn("the tray hint was not remembered", "error", err)
	}
	return true
}

// Notices are sentences the window shows once when it opens: a damaged
// database set aside and replaced, secrets kept in a file for want of a
// keyring (said once per data folder, not at every start).
func (s *PreferencesService) Notices() []string {
	notices := []string{}
	if s.core.db.Recovered != "" {
		notices = append(notices, s.core.db.Recovered)
	}
	if n := s.core.secretBackend.Notice(s.core.DataDir()); n != "" && s.core.db.GetSetting(settingSecretsNoticed, "") != n {
		notices = append(notices, n)
		if err := s.core.db.SetSetting(settingSecretsNoticed, n); err != nil {
			s.core.log.Warn("the secrets notice was not remembered; it shows again next start", "error", err)
		}
	}
	return notices
}
