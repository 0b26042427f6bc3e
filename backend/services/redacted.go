package services

import (
	"context"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/redact"
	"shelfsync/backend/inventory"
)

// Every text a connector hands back may quote what a server or a feed
// said, and a hostile or careless server may quote the credentials it was
// sent. The connectors are wrapped so that text leaves them with the
// connection's secrets masked and its length capped, before the engine
// stores it, the CLI prints it or the window shows it.

func redactorOf(cfgs ...connector.Config) *redact.Redactor {
	var secrets []string
	for _, c := range cfgs {
		for _, v := range c.Secrets {
			secrets = append(secrets, v)
		}
	}
	return redact.New(secrets...)
}

// The wrappers also count the requests of a read that failed, which no
// result carries, from the connector's own counter.

// callsOf reads a connector's request counter, 0 when it has none.
func callsOf(c any) int {
	switch c := c.(type) {
	case interface{ Calls() int }:
		return c.Calls()
	case interface{ Calls() int64 }:
		return int(c.Calls())
	}
	return 0
}

type redactedWarehouse struct {
	next connector.Warehouse
	r    *redact.Redactor
}

func (w redactedWarehouse) ReadItems(ctx context.Context, since time.Time) (connector.WarehouseRead, error) {
	before := callsOf(w.next)
	read, err := w.next.ReadItems(ctx, since)
	read.Problems = w.r.Strings(read.Problems)
	return read, connector.WithCalls(w.r.Error(err), callsOf(w.next)-before)
}

func (w redactedWarehouse) Test(ctx context.Context) (connector.TestResult, error) {
	res, err := w.next.Test(ctx)
	return redactTest(w.r, res), w.r.Error(err)
}

type redactedStore struct {
	next connector.Store
	r    *redact.Redactor
}

func (s redactedStore) Capabilities() connector.StoreCapabilities { return s.next.Capabilities() }

func (s redactedStore) ReadIndex(ctx context.Context) (connector.StoreIndex, error) {
	before := callsOf(s.next)
	idx, err := s.next.ReadIndex(ctx)
	idx.Notes = s.r.Strings(idx.Notes)
	return idx, connector.WithCalls(s.r.Error(err), callsOf(s.next)-before)
}

func (s redactedStore) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	before := callsOf(s.next)
	res, err := s.next.Push(ctx, batch, meta)
	res.Notes = s.r.Strings(res.Notes)
	if sent := callsOf(s.next) - before; err != nil && res.APICalls < sent {
		res.APICalls = sent // a failed batch's retries count too
	}
	for i := range res.Results {
		if res.Results[i].Error != "" {
			res.Results[i].Error = s.r.String(res.Results[i].Error)
		}
	}
	return res, s.r.Error(err)
}

// ChangedSince passes StoreChangeReader through, so the wrapper hides no
// ability of the store it wraps.
func (s redactedStore) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	r, ok := s.next.(connector.StoreChangeReader)
	if !ok {
		return connector.StoreChanges{}, connector.ErrUnsupported
	}
	ch, err := r.ChangedSince(ctx, since)
	return ch, s.r.Error(err)
}

// ChangedSinceAt passes connector.LocatedChangeReader through; a store
// without it answers ChangedSince, whose listings name no location (so
// they show no drift per location).
func (s redactedStore) ChangedSinceAt(ctx context.Context, since time.Time, locations []string) (connector.StoreChanges, error) {
	located, ok := s.next.(connector.LocatedChangeReader)
	if !ok {
		r, ok := s.next.(connector.StoreChangeReader)
		if !ok {
			return connector.StoreChanges{}, connector.ErrUnsupported
		}
		located = changesAtOwnLocation{r}
	}
	before := callsOf(s.next)
	ch, err := located.ChangedSinceAt(ctx, since, locations)
	ch.Notes = s.r.Strings(ch.Notes)
	return ch, connector.WithCalls(s.r.Error(err), callsOf(s.next)-before)
}

// changesAtOwnLocation asks a store's change filter at its own location.
type changesAtOwnLocation struct{ connector.StoreChangeReader }

func (c changesAtOwnLocation) ChangedSinceAt(ctx context.Context, since time.Time, _ []string) (connector.StoreChanges, error) {
	return c.ChangedSince(ctx, since)
}

func (s redactedStore) Test(ctx context.Context) (connector.TestResult, error) {
	res, err := s.next.Test(ctx)
	return redactTest(s.r, res), s.r.Error(err)
}

// Notices passes on the store's notices (connector.Noticer), masked like
// any text from a connector.
func (s redactedStore) Notices() []string {
	if n, ok := s.next.(connector.Noticer); ok {
		return s.r.Strings(n.Notices())
	}
	return nil
}

// redactedChangeStore keeps a store's ChangedSince visible through the
// wrapper, so the engine still finds it.
type redactedChangeStore struct {
	redactedStore
	changes connector.StoreChangeReader
}

func (s redactedChangeStore) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	before := callsOf(s.next)
	ch, err := s.changes.ChangedSince(ctx, since)
	ch.Notes = s.r.Strings(ch.Notes)
	return ch, connector.WithCalls(s.r.Error(err), callsOf(s.next)-before)
}

// redactStore wraps a store, keeping the optional interfaces it has.
func redactStore(st connector.Store, r *redact.Redactor) connector.Store {
	if ch, ok := st.(connector.StoreChangeReader); ok {
		return redactedChangeStore{redactedStore{st, r}, ch}
	}
	return redactedStore{st, r}
}

func redactTest(r *redact.Redactor, res connector.TestResult) connector.TestResult {
	res.Summary = r.String(res.Summary)
	res.Sample = r.Strings(res.Sample)
	res.Warnings = r.Strings(res.Warnings)
	for key, c := range res.Choices {
		opts := make([]connector.Choice, len(c.Options))
		for i, o := range c.Options {
			opts[i] = connector.Choice{Value: o.Value, Label: r.String(o.Label)}
		}
		res.Choices[key] = connector.Choices{Options: opts, Selected: c.Selected}
	}
	return res
}

// Locations passes connector.LocationLister through (ErrUnsupported for a
// store with one location), names masked like any text from a connector.
func (s redactedStore) Locations(ctx context.Context) ([]connector.Place, error) {
	l, ok := s.next.(connector.LocationLister)
	if !ok {
		return nil, connector.ErrUnsupported
	}
	places, err := l.Locations(ctx)
	return redactPlaces(s.r, places), s.r.Error(err)
}

// Facilities passes connector.FacilityLister through (ErrUnsupported for a
// warehouse that reports one quantity per SKU).
func (w redactedWarehouse) Facilities(ctx context.Context) ([]connector.Place, error) {
	l, ok := w.next.(connector.FacilityLister)
	if !ok {
		return nil, connector.ErrUnsupported
	}
	places, err := l.Facilities(ctx)
	return redactPlaces(w.r, places), w.r.Error(err)
}

func redactPlaces(r *redact.Redactor, places []connector.Place) []connector.Place {
	for i := range places {
		places[i].Name = r.String(places[i].Name)
	}
	return places
}
