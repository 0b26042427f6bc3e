package demo

import (
	"context"
	"fmt"
	"os"
	"time"

	"shelfsync/backend/connector"
	"shelfsync/backend/inventory"
)

var _ connector.StoreChangeReader = (*Store)(nil)

// ChangedSince is the demo store's change filter: its file. When the file
// was written at or after since (by ShelfSync, or by hand, as a merchant
// edits a real store), every listing comes back with what it holds now;
// otherwise none. Next is the file's modification time as read.
func (s *Store) ChangedSince(ctx context.Context, since time.Time) (connector.StoreChanges, error) {
	if since.IsZero() {
		return connector.StoreChanges{}, fmt.Errorf("demo store: ask what changed since a time, or read the index")
	}
	if err := ctx.Err(); err != nil {
		return connector.StoreChanges{}, err
	}
	unlock := lockFile(s.path)
	defer unlock()
	st, err := os.Stat(s.path)
	if err != nil {
		return connector.StoreChanges{}, fmt.Errorf("read the demo store: %w", err)
	}
	out := connector.StoreChanges{Next: st.ModTime(), APICalls: 1}
	if st.ModTime().Before(since) {
		return out, nil
	}
	f, err := s.load()
	if err != nil {
		return connector.StoreChanges{}, err
	}
	for _, l := range f.Listings {
		it := inventory.StoreItem{SKU: l.SKU, Name: l.Name, Qty: l.Qty, Ref: ref(l.SKU), Untracked: l.Untracked, Locations: l.locations()}
		if l.Untracked {
			out.NotTracked = append(out.NotTracked, it)
			continue
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}
