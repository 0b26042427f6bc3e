package plain

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestTheUserReadsTheSentenceAndTheLogReadsEverything(t *testing.T) {
	refused := errors.New("dial tcp 127.0.0.1:9: connect: connection refused")
	err := fmt.Errorf("read the store's SKUs: %w", fmt.Errorf("read locations: %w", fmt.Errorf("ShelfSyncLocations: %w",
		Wrap(fmt.Errorf("POST https://acme.myshopify.com/admin/api/2026-10/graphql.json: %w", refused),
			"Could not reach Shopify at acme.myshopify.com: check the internet connection and the shop address"))))

	if got, want := Sentence(err), "Could not reach Shopify at acme.myshopify.com: check the internet connection and the shop address."; got != want {
		t.Errorf("the sentence is %q, want %q", got, want)
	}
	detail := Detail(err)
	for _, part := range []string{"read locations", "ShelfSyncLocations", "/admin/api/2026-10/graphql.json", "connection refused"} {
		if !strings.Contains(detail, part) {
			t.Errorf("the detail leaves out %q: %s", part, detail)
		}
	}
	if !errors.Is(err, refused) {
		t.Error("the cause is no longer reachable by errors.Is")
	}
}

func TestAnErrorNobodyPhrasedKeepsItsContext(t *testing.T) {
	err := fmt.Errorf("read the warehouse: %w", io.ErrUnexpectedEOF)
	if got, want := Sentence(err), "Read the warehouse: unexpected EOF."; got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
	if d := Detail(err); d != "" {
		t.Errorf("the detail repeats the sentence: %q", d)
	}
}

func TestErrorfSpellsOutItsCauseAndKeepsIt(t *testing.T) {
	gone := errors.New("platform unavailable")
	err := fmt.Errorf("read the warehouse: %w", Errorf("The feed server at %s could not be reached: %w", "feeds.example.com", gone))
	if got, want := Sentence(err), "The feed server at feeds.example.com could not be reached: platform unavailable."; got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
	if !errors.Is(err, gone) {
		t.Error("errors.Is does not find the %w cause")
	}
}
