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

type redactedWarehouse struct {
	next connector.Warehouse
	r    *redact.Redactor
}

func (w redactedWarehouse) ReadItems(ctx context.Context, since time.Time) (connector.WarehouseRead, error) {
	read, err := w.next.ReadItems(ctx, since)
	read.Problems = w.r.Strings(read.Problems)
	return read, w.r.Error(err)
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
	idx, err := s.next.ReadIndex(ctx)
	return idx, s.r.Error(err)
}

func (s redactedStore) Push(ctx context.Context, batch []inventory.Push, meta connector.PushMeta) (connector.PushBatchResult, error) {
	res, err := s.next.Push(ctx, batch, meta)
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

func (s redactedStore) Test(ctx context.Context) (connector.TestResult, error) {
	res, err := s.next.Test(ctx)
	return redactTest(s.r, res), s.r.Error(err)
}

func redactTest(r *redact.Redactor, res connector.TestResult) connector.TestResult {
	res.Summary = r.String(res.Summary)
	res.Sample = r.Strings(res.Sample)
	return res
}
