package inventory

// GroupByParent reorders pushes in place so that the pushes of one parent
// listing (the same ParentRef; "" groups the store's simple products) sit
// together, the groups in the order their first push had. A store that
// writes each parent's variations through a call of their own (WooCommerce)
// then needs only as many calls as each group's size requires.
func GroupByParent(pushes []Push) {
	order := map[string]int{}
	for _, p := range pushes {
		if _, seen := order[p.ParentRef]; !seen {
			order[p.ParentRef] = len(order)
		}
	}
	if len(order) <= 1 {
		return
	}
	grouped := make([][]Push, len(order))
	for _, p := range pushes {
		g := order[p.ParentRef]
		grouped[g] = append(grouped[g], p)
	}
	i := 0
	for _, g := range grouped {
		i += copy(pushes[i:], g)
	}
}

// BatchesByParent splits pushes, grouped by GroupByParent, into contiguous
// batches of at most size so that no parent's group is cut into more
// pieces than ceil(len/size): a group first tops up the open batch with
// the part that does not fill whole batches, then fills whole batches of
// its own. Every batch then costs a store with one call per parent the
// least number of calls: the sum over parents of ceil(len/size).
func BatchesByParent(pushes []Push, size int) [][]Push {
	if size <= 0 {
		return Batches(pushes, size)
	}
	var out [][]Push
	open := 0 // where the batch still being filled starts
	for a := 0; a < len(pushes); {
		b := a + 1
		for b < len(pushes) && pushes[b].ParentRef == pushes[a].ParentRef {
			b++
		}
		rest := (b - a) % size
		if rest > 0 && a-open+rest > size {
			out = append(out, pushes[open:a])
			open = a
		}
		if whole := a + rest; whole < b {
			// Whole batches follow: close the open one after the rest.
			if whole > open {
				out = append(out, pushes[open:whole])
			}
			for c := whole; c < b; c += size {
				out = append(out, pushes[c:c+size])
			}
			open = b
		}
		a = b
	}
	if open < len(pushes) {
		out = append(out, pushes[open:])
	}
	return out
}
