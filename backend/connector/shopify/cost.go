package shopify

// Shopify refuses any single query whose requested cost exceeds 1,000
// points, and throttles one the bucket cannot hold. Its docs count 1 point
// per object field and a connection 2 plus its size times one node; they do
// not say an object inside a list (InventoryLevel.quantities) is free, so
// ShelfSync counts it, and sizes every list it asks for so the request
// stays under both the cap and the bucket's maximumAvailable. Counted this
// way a variants page of 250 would cost 2 + 250 x 4 = 1,002: pages are 249
// at most, fewer on a smaller bucket. docs/connectors/shopify.md explains.

const (
	// maxSingleQueryCost is Shopify's cap on one request's requested cost.
	maxSingleQueryCost = 1000
	// paginationLimit is the deepest object a paged connection reaches on
	// Shopify; past it only a bulk operation reads.
	paginationLimit = 25000
	// variantCost is one variant of the index read: the variant, its
	// inventory item, its level at the location, the quantities list;
	// levelAtCost is each other location it is read at (a level and its
	// quantities list).
	variantCost = 4
	levelAtCost = 2
	// levelCost is one inventory item of a re-read: the item, its level,
	// the quantities list.
	levelCost = 3
)

// variantPageCost is the requested cost of a variants page of n, each read
// at the location and at others more.
func variantPageCost(n, others int) int { return 2 + (variantCost+levelAtCost*others)*n }

// levelsCost is the requested cost of re-reading n inventory items.
func levelsCost(n int) int { return 1 + levelCost*n }

// costLimit is the most one request may cost: the single-query cap, or
// the bucket's size when Shopify reported a smaller one.
func (s *Store) costLimit() int {
	limit := maxSingleQueryCost
	if m := s.pacer.bucketMax(); m > 0 && int(m) < limit {
		limit = int(m)
	}
	return limit
}

// variantPageSize is the largest variants page within the cost limit.
// with each variant read at others more locations.
func (s *Store) variantPageSize(others int) int {
	return max(1, min(s.opts.PageSize, (s.costLimit()-2)/(variantCost+levelAtCost*others)))
}

// levelsChunk is the most inventory items re-read in one request.
func (s *Store) levelsChunk() int {
	return max(1, min(MaxBatch, (s.costLimit()-1)/levelCost))
}
