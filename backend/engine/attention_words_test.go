package engine

import "testing"

func TestTheMissingSKUsSentenceAgreesWithHowManyLeftTheFeed(t *testing.T) {
	for _, tc := range []struct {
		missing []string
		zeroed  bool
		want    string
	}{
		{[]string{"GAP-01"}, false, `1 SKU is no longer in the warehouse feed (GAP-01); the store still sells it at its old quantity. Put it back in the feed, or set "SKUs missing from the warehouse" to 0 in the rules.`},
		{[]string{"A", "B"}, false, `2 SKUs are no longer in the warehouse feed (A, B); the store still sells them at their old quantity. Put them back in the feed, or set "SKUs missing from the warehouse" to 0 in the rules.`},
		{[]string{"GAP-01"}, true, `1 SKU is no longer in the warehouse feed (GAP-01); the rules set it to 0 in the store.`},
		{[]string{"A", "B", "C", "D", "E", "F"}, true, `6 SKUs are no longer in the warehouse feed (A, B, C, D, E and 1 more); the rules set them to 0 in the store.`},
	} {
		if got := missingSentence(tc.missing, tc.zeroed); got != tc.want {
			t.Errorf("missingSentence(%v, %v) =\n %s\nwant\n %s", tc.missing, tc.zeroed, got, tc.want)
		}
	}
}
