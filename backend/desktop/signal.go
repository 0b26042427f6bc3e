package desktop

import (
	"os"
	"os/signal"
	"syscall"
)

// OnQuitSignal calls quit once the session ends the program (SIGTERM) or
// Ctrl+C is pressed, so a running sync is recorded as cancelled rather
// than found interrupted. It replaces any earlier handler of those
// signals: Wails' own would ask OnBeforeClose, and so only hide the
// window to the tray.
func OnQuitSignal(quit func()) {
	signal.Reset(os.Interrupt, syscall.SIGTERM)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sigs
		quit()
	}()
}
