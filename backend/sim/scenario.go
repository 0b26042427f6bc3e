package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"shelfsync/backend/engine"
	"shelfsync/backend/inventory"
	"shelfsync/backend/storage"
	"shelfsync/backend/types"
)

// New builds the world of one seed in a fresh folder under base.
func New(seed int64, base string) (*World, error) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	w := &World{Seed: seed, base: base, rng: rng, now: time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)}
	w.dir = filepath.Join(base, "restart-0")

	switch rng.IntN(3) {
	case 0:
		ms := newMemStore(rng)
		ms.now = w.Now
		w.store = ms
	case 1:
		w.store = newShopifySide(rng)
	default:
		w.store = newWooSide(rng, w.Now)
	}
	w.wh = &Warehouse{items: map[string]inventory.WarehouseItem{}, incremental: rng.IntN(2) == 0,
		skew: time.Duration(rng.IntN(6)) * time.Minute, now: w.Now, rng: rand.New(rand.NewPCG(rng.Uint64(), 3))}

	rules := storage.RuleSettings{Buffer: rng.IntN(3), ZeroBelow: rng.IntN(3), Mapping: map[string]string{}}
	if rng.IntN(2) == 0 {
		rules.Cap = 4 + rng.IntN(10)
	}
	n := 3 + rng.IntN(23) // 20 or more lets the circuit breaker speak
	for i := 0; i < n; i++ {
		w.addSKU(fmt.Sprintf("S%02d", i), &rules)
	}
	for i := 0; i < rng.IntN(3); i++ {
		w.store.Add(fmt.Sprintf("STORE-ONLY-%d", i), rng.IntN(10))
	}
	// A listing the store has twice: reported, never written. (A store that
	// creates listings, the demo store, never has one twice.)
	if rng.IntN(8) == 0 && !w.store.CreatesListings() {
		w.store.Add("S00", rng.IntN(10))
	}

	if _, err := w.open(); err != nil {
		w.store.Close()
		return nil, err
	}
	w.conn = storage.Connection{Name: "Sim", WarehouseKind: "sim", StoreKind: "sim", IntervalMinutes: 60, AutoMode: "smart", Rules: rules}
	if err := w.db.CreateConnection(&w.conn); err != nil {
		w.Close()
		return nil, err
	}
	w.logf("seed %d: %d SKUs, %s, warehouse incremental %v (clock %v behind), rules %+v",
		seed, n, w.store.Name(), w.wh.incremental, w.wh.skew, rules)
	return w, nil
}

// addSKU creates a warehouse SKU and, most of the time, its store listing;
// a few are renamed by the mapping or ignored.
func (w *World) addSKU(sku string, rules *storage.RuleSettings) {
	w.wh.Set(sku, w.rng.IntN(13))
	storeSKU := sku
	switch w.rng.IntN(10) {
	case 0:
		storeSKU = "X-" + sku
		rules.Mapping[sku] = storeSKU
	case 1:
		rules.IgnoredSKU = append(rules.IgnoredSKU, sku)
	}
	if w.rng.IntN(8) != 0 {
		w.store.Add(storeSKU, w.rng.IntN(13))
	}
}

// Run plays the seed out and returns the first broken promise, if any.
func (w *World) Run() error {
	steps := 2 + w.rng.IntN(6)
	for step := 1; step <= steps; step++ {
		w.advance(time.Duration(10+w.rng.IntN(80)) * time.Minute)
		w.changeWarehouse()
		w.sellInStore()
		if w.rng.IntN(10) < 7 {
			w.setFaults(w.rng.Float64()*0.3, w.rng.Float64()*0.4, w.rng.Float64()*0.25)
		} else {
			w.setFaults(0, 0, 0)
		}
		var err error
		switch k := w.rng.IntN(20); {
		case k < 9:
			err = w.plainRun(step)
		case k < 13:
			err = w.crashRun(step, false)
		case k < 17:
			err = w.crashRun(step, true)
		case k < 19:
			err = w.heldRace(step)
		default:
			err = w.freeRace(step)
		}
		if err != nil {
			return w.fail("step %d: %v", step, err)
		}
		if err := w.checkRuns(); err != nil {
			return w.fail("after step %d: %v", step, err)
		}
	}

	w.setFaults(0, 0, 0)
	w.advance(time.Hour)
	w.logf("faults stop; one Smart Sync")
	final, err := w.run(inventory.ModeSmart, types.TriggerScheduled, true)
	if err != nil {
		return w.fail("final Smart Sync: %v", err)
	}
	w.logf("  final: %s pushed %d failed %d (%s)%s", final.Status, final.Pushed, final.Failed, final.Error, w.firstItemError(final))
	if final.Status != types.RunSucceeded {
		return w.fail("the final Smart Sync without faults ended %s: %s", final.Status, final.Error)
	}
	if err := w.checkConverged(); err != nil {
		return w.fail("%v", err)
	}
	if err := w.checkRuns(); err != nil {
		return w.fail("%v", err)
	}
	w.advance(time.Hour)
	again, err := w.run(inventory.ModeSmart, types.TriggerScheduled, true)
	if err != nil || again.Pushed != 0 || again.Failed != 0 {
		return w.fail("a second Smart Sync after convergence pushed %d, failed %d (err %v); want nothing to do", again.Pushed, again.Failed, err)
	}
	return nil
}

func (w *World) fail(format string, args ...any) error {
	return fmt.Errorf("seed %d: %s\nstore faults injected: %s\nwhat happened:\n%s\nreproduce: go test ./backend/sim -run TestSim -seed %d",
		w.Seed, fmt.Sprintf(format, args...), w.store.injected(), w.Log(), w.Seed)
}

// changeWarehouse moves some quantities (sometimes back to where they were)
// and now and then adds a SKU.
func (w *World) changeWarehouse() {
	truth := w.wh.Truth()
	skus := make([]string, 0, len(truth))
	for sku := range truth {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	var moved []string
	for _, sku := range skus {
		if w.rng.IntN(10) < 3 {
			q := w.rng.IntN(13)
			w.wh.Set(sku, q)
			moved = append(moved, fmt.Sprintf("%s %d->%d", sku, truth[sku], q))
		}
	}
	w.logf("  warehouse: %v", moved)
}

// sellInStore now and then changes a few listings in the store itself (a
// sale, a hand edit): drift the Smart Syncs must find and repair.
func (w *World) sellInStore() {
	if w.rng.IntN(3) != 0 {
		return
	}
	listings := w.store.Listings()
	skus := make([]string, 0, len(listings))
	for sku := range listings {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	var sold []string
	for _, sku := range skus {
		if w.rng.IntN(6) != 0 {
			continue
		}
		delta := -1 - w.rng.IntN(3)
		if w.rng.IntN(4) == 0 {
			delta = 5 // a hand edit up
		}
		if w.store.Sell(sku, delta) {
			sold = append(sold, fmt.Sprintf("%s %+d", sku, delta))
		}
	}
	if len(sold) > 0 {
		w.logf("  store changed itself: %v", sold)
	}
}

func (w *World) pickMode() inventory.Mode {
	if w.rng.IntN(10) < 7 {
		return inventory.ModeSmart
	}
	return inventory.ModeFull
}

// run performs one sync under the current crash plan and restarts the
// process afterwards when the plan crashed it.
func (w *World) run(mode inventory.Mode, trigger types.Trigger, confirmed bool) (storage.SyncRun, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w.mu.Lock()
	w.cancelRun = cancel
	w.mu.Unlock()
	run, err := w.eng.Run(ctx, engine.Request{ConnectionID: w.conn.ID, Mode: mode, Trigger: trigger, Confirmed: confirmed})
	w.mu.Lock()
	crash, snap := w.crash, w.snapshot
	w.crash, w.snapshot, w.midRun = nil, "", nil
	w.mu.Unlock()
	if err != nil {
		return run, err
	}
	if crash == nil || !crash.done || !crash.hard {
		w.logItems(run) // a killed process's last writes never reached the disk
	}
	switch {
	case crash != nil && crash.done && crash.hard:
		return run, w.restartFrom(snap)
	case crash != nil && crash.done:
		if run.Status == types.RunRunning {
			return run, fmt.Errorf("a cancelled run was left running")
		}
		return run, w.restartFrom("")
	}
	return run, nil
}

// restartFrom closes the database and starts again: from the same folder
// after a cancelled run, or from what was on disk when the process died.
func (w *World) restartFrom(snapshot string) error {
	if err := w.db.Close(); err != nil {
		return fmt.Errorf("close before restart: %w", err)
	}
	w.restarts++
	if snapshot != "" {
		_ = os.RemoveAll(w.dir) // a temporary folder left behind costs disk space, not a result
		w.dir = snapshot
		// The run the dead process owned is still marked running under its pid.
		db, err := storage.Open(w.dir)
		if err != nil {
			return fmt.Errorf("reopen after the crash: %w", err)
		}
		if err := db.Gorm().Model(&storage.SyncRun{}).Where("status = ?", types.RunRunning).Updates(storage.SyncRun{PID: deadPID}).Error; err != nil {
			return err
		}
		db.Close()
	}
	recovered, err := w.open()
	if err != nil {
		return fmt.Errorf("reopen after restart: %w", err)
	}
	want := 0
	if snapshot != "" {
		want = 1
	}
	if recovered != want {
		return fmt.Errorf("at restart %d runs were marked interrupted, want %d", recovered, want)
	}
	w.logf("    restarted (%d run marked interrupted)", recovered)
	return nil
}

func (w *World) plainRun(step int) error {
	mode := w.pickMode()
	run, err := w.run(mode, types.TriggerManual, w.rng.IntN(2) == 0)
	if err != nil {
		return err
	}
	w.logf("  step %d: %s sync -> %s pushed %d failed %d %s%s", step, mode, run.Status, run.Pushed, run.Failed, run.Error, w.firstItemError(run))
	return nil
}

func (w *World) crashRun(step int, hard bool) error {
	at := crashPoints[w.rng.IntN(len(crashPoints))]
	nth := 1
	if at == pointBeforeBatch || at == pointAfterApply {
		nth = 1 + w.rng.IntN(3)
	}
	w.mu.Lock()
	w.crash = &crashPlan{hard: hard, at: at, nth: nth}
	w.mu.Unlock()
	mode := w.pickMode()
	// The warehouse moves during a run too: between its read and the pushes.
	if w.rng.IntN(3) == 0 {
		sku, q := fmt.Sprintf("S%02d", w.rng.IntN(3)), w.rng.IntN(13)
		w.mu.Lock()
		w.midRun = func() {
			w.wh.Set(sku, q)
			w.logf("    mid-run: warehouse %s -> %d", sku, q)
		}
		w.mu.Unlock()
	}
	run, err := w.run(mode, types.TriggerScheduled, w.rng.IntN(2) == 0)
	if err != nil {
		return err
	}
	w.logf("  step %d: %s sync, crash planned %v at %s #%d -> %s pushed %d failed %d", step, mode, map[bool]string{true: "kill", false: "cancel"}[hard], at, nth, run.Status, run.Pushed, run.Failed)
	return nil
}

// heldRace holds a scheduled run inside its warehouse read and asks for a
// manual one meanwhile, from this process or from a second one on the same
// data dir: the second must be refused, and leave no run behind.
func (w *World) heldRace(step int) error {
	entered, release := make(chan struct{}), make(chan struct{})
	var once bool
	w.wh.mu.Lock()
	w.wh.beforeRead = func() {
		if once {
			return
		}
		once = true
		close(entered)
		<-release
	}
	w.wh.mu.Unlock()
	defer func() {
		w.wh.mu.Lock()
		w.wh.beforeRead = nil
		w.wh.mu.Unlock()
	}()

	type result struct {
		run storage.SyncRun
		err error
	}
	first := make(chan result, 1)
	go func() {
		r, err := w.run(inventory.ModeSmart, types.TriggerScheduled, false)
		first <- result{r, err}
	}()
	<-entered
	before, beforeErr := w.db.Runs(storage.RunQuery{ConnectionID: w.conn.ID, Limit: 1000})
	otherProcess := w.rng.IntN(2) == 0
	var err error
	if otherProcess {
		db2, openErr := storage.Open(w.dir)
		if openErr != nil {
			close(release)
			<-first
			return openErr
		}
		_, err = w.newEngine(db2).Run(context.Background(), engine.Request{ConnectionID: w.conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerManual})
		db2.Close()
	} else {
		_, err = w.eng.Run(context.Background(), engine.Request{ConnectionID: w.conn.ID, Mode: inventory.ModeFull, Trigger: types.TriggerManual})
	}
	after, afterErr := w.db.Runs(storage.RunQuery{ConnectionID: w.conn.ID, Limit: 1000})
	close(release)
	r := <-first
	if r.err != nil {
		return fmt.Errorf("the held scheduled run: %v", r.err)
	}
	// Unread, the run rows would compare equal and hide a row left behind.
	if err := errors.Join(beforeErr, afterErr); err != nil {
		return fmt.Errorf("read the run rows around the refused run: %w", err)
	}
	if !errors.Is(err, engine.ErrAlreadyRunning) {
		return fmt.Errorf("a manual run asked for during a scheduled one (other process %v) returned %v, want ErrAlreadyRunning", otherProcess, err)
	}
	if len(after) != len(before) {
		return fmt.Errorf("the refused run left %d run rows behind", len(after)-len(before))
	}
	w.logf("  step %d: manual run during a scheduled one (other process %v) refused; scheduled -> %s pushed %d", step, otherProcess, r.run.Status, r.run.Pushed)
	return nil
}

// freeRace asks for a manual and a scheduled run at the same instant: either
// may win, both may run one after the other, never together.
func (w *World) freeRace(step int) error {
	var errs [2]error
	var runs [2]storage.SyncRun
	done := make(chan int, 2)
	for i, trig := range []types.Trigger{types.TriggerManual, types.TriggerScheduled} {
		go func() {
			runs[i], errs[i] = w.eng.Run(context.Background(), engine.Request{ConnectionID: w.conn.ID, Mode: inventory.ModeSmart, Trigger: trig})
			done <- i
		}()
	}
	<-done
	<-done
	ran := 0
	for i := range errs {
		switch {
		case errs[i] == nil:
			ran++
		case !errors.Is(errs[i], engine.ErrAlreadyRunning):
			return fmt.Errorf("racing run %d: %v", i, errs[i])
		}
	}
	if ran == 0 {
		return fmt.Errorf("both racing runs were refused")
	}
	w.logf("  step %d: manual and scheduled together: %d ran (%s, %s)", step, ran, runs[0].Status, runs[1].Status)
	return nil
}

// firstItemError is the first failed SKU's error of a run, for the log.
func (w *World) firstItemError(run storage.SyncRun) string {
	items, _ := w.db.RunItems(run.ID) // for the log only; the checks read the database themselves
	for _, it := range items {
		if it.Status == "failed" {
			return fmt.Sprintf(" [%s: %s]", it.SKU, it.Error)
		}
	}
	return ""
}

// logItems notes a run's per-SKU results.
func (w *World) logItems(run storage.SyncRun) {
	items, _ := w.db.RunItems(run.ID) // for the log only; the checks read the database themselves
	if len(items) == 0 {
		return
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		from := "?"
		if it.FromQty != nil {
			from = fmt.Sprint(*it.FromQty)
		}
		parts = append(parts, fmt.Sprintf("%s %s->%d %s", it.SKU, from, it.ToQty, it.Status))
	}
	w.logf("    run %d items: %s", run.ID, strings.Join(parts, ", "))
}
