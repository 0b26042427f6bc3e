package main

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"shelfsync/backend/cli"
	"shelfsync/backend/services"
)

// App is the Wails-bound shell: lifecycle hooks and a few window methods.
// The use cases live in backend/services, bound beside it.
type App struct {
	core    *services.Core
	emitter *wailsEmitter
	ctx     context.Context
}

// Version is the app's version, for the About line.
func (a *App) Version() string { return cli.Version }

// DataDir is where the database lives, shown in Settings.
func (a *App) DataDir() string { return a.core.DataDir() }

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.emitter.setContext(ctx)
	if err := a.core.Start(); err != nil {
		runtime.LogErrorf(ctx, "start the scheduler: %v", err)
	}
}

// domReady shows the window at its saved size and place once the page has
// painted, so there is no white flash.
func (a *App) domReady(ctx context.Context) {
	if w, h := a.savedInt("window.width"), a.savedInt("window.height"); w >= 800 && h >= 560 {
		runtime.WindowSetSize(ctx, w, h)
	}
	if x, y := a.savedInt("window.x"), a.savedInt("window.y"); x > 0 || y > 0 {
		runtime.WindowSetPosition(ctx, x, y)
	}
	runtime.WindowShow(ctx)
}

func (a *App) beforeClose(ctx context.Context) bool {
	w, h := runtime.WindowGetSize(ctx)
	x, y := runtime.WindowGetPosition(ctx)
	for key, v := range map[string]int{"window.width": w, "window.height": h, "window.x": x, "window.y": y} {
		_ = a.core.DB.SetSetting(key, strconv.Itoa(v))
	}
	return false
}

func (a *App) shutdown(context.Context) {
	_ = a.core.Close()
}

func (a *App) savedInt(key string) int {
	n, _ := strconv.Atoi(a.core.DB.GetSetting(key, ""))
	return n
}

// wailsEmitter sends backend events to the window once it exists.
type wailsEmitter struct {
	mu  sync.RWMutex
	ctx context.Context
}

func (e *wailsEmitter) setContext(ctx context.Context) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ctx = ctx
}

func (e *wailsEmitter) Emit(name string, payload any) {
	e.mu.RLock()
	ctx := e.ctx
	e.mu.RUnlock()
	if ctx != nil {
		runtime.EventsEmit(ctx, name, payload)
	}
}

func runWindow(dataDir string) error {
	emitter := &wailsEmitter{}
	core, err := services.New(services.Options{DataDir: dataDir, Emitter: emitter, SeedDemo: true})
	if err != nil {
		return err
	}
	app := &App{core: core, emitter: emitter}
	err = wails.Run(&options.App{
		Title:            "ShelfSync",
		Width:            1280,
		Height:           800,
		MinWidth:         900,
		MinHeight:        600,
		StartHidden:      true,
		BackgroundColour: &options.RGBA{R: 16, G: 16, B: 20, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets},
		OnStartup:        app.startup,
		OnDomReady:       app.domReady,
		OnBeforeClose:    app.beforeClose,
		OnShutdown:       app.shutdown,
		ErrorFormatter:   func(err error) any { return err.Error() },
		Bind: []any{
			app,
			services.NewConnectionService(core),
			services.NewSyncService(core),
			services.NewInventoryService(core),
			services.NewHistoryService(core),
		},
	})
	if err != nil {
		return fmt.Errorf("open the window: %w", err)
	}
	return nil
}
