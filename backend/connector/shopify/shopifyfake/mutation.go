package shopifyfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// validReasons are the reasons inventorySetQuantities accepts.
var validReasons = map[string]string{
	"correction": "Inventory correction", "cycle_count_available": "Cycle count", "damaged": "Damaged",
	"movement_created": "Movement created", "movement_updated": "Movement updated", "movement_received": "Movement received",
	"movement_canceled": "Movement canceled", "other": "Other", "promotion": "Promotion", "quality_control": "Quality control",
	"received": "Received", "reservation_created": "Reservation created", "reservation_deleted": "Reservation deleted",
	"reservation_updated": "Reservation updated", "restock": "Restock", "safety_stock": "Safety stock", "shrinkage": "Shrinkage",
}

// quantityEntry is one validated InventoryQuantityInput.
type quantityEntry struct {
	item, location     string
	quantity           int
	compare            *int
	hasChangeFrom      bool // 2026-01+: changeFromQuantity given (even null)
	changeFrom         *int
	itemID, location64 int64
}

// writeHook runs the BeforeWrite hook, without the lock, for a request that
// is an inventorySetQuantities call.
func (f *Fake) writeHook(query string) {
	if !mutationRE.MatchString(query) || !setQtyRE.MatchString(query) {
		return
	}
	f.mu.Lock()
	f.writeCalls++
	n, hook := f.writeCalls, f.beforeWrite
	f.mu.Unlock()
	if hook != nil {
		hook(n)
	}
}

func invalidVariable(format string, a ...any) error {
	return fmt.Errorf("Variable $input of type InventorySetQuantitiesInput! was provided invalid value: "+format, a...)
}

func optionalInt(m map[string]any, key string) (*int, bool, error) {
	v, present := m[key]
	if !present || v == nil {
		return nil, present, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return nil, true, invalidVariable("%s must be an Int", key)
	}
	i, err := strconv.Atoi(string(n))
	if err != nil {
		return nil, true, invalidVariable("%s must be an Int", key)
	}
	return &i, true, nil
}

func (q *request) planSetQuantities() (rootField, error) {
	args, err := q.args("inventorySetQuantities")
	if err != nil {
		return rootField{}, err
	}
	in, ok := args["input"].(map[string]any)
	if !ok {
		return rootField{}, invalidVariable("input (Expected value to not be null)")
	}
	newAPI := q.version >= "2026-01"
	casRequired := q.version >= "2026-04" // changeFromQuantity replaces compareQuantity
	key, hasKey, err := q.idempotencyKey()
	if err != nil {
		return rootField{}, err
	}
	if casRequired && !hasKey {
		return rootField{}, fmt.Errorf("the @idempotent directive is required for this mutation from API version 2026-04")
	}
	if _, present := in["ignoreCompareQuantity"]; present && casRequired {
		return rootField{}, invalidVariable("ignoreCompareQuantity (Field is not defined on InventorySetQuantitiesInput)")
	}
	name, nameOK := in["name"].(string)
	reason, reasonOK := in["reason"].(string)
	if !nameOK || !reasonOK {
		return rootField{}, invalidVariable("name and reason are required Strings")
	}
	ref, _ := in["referenceDocumentUri"].(string)
	ignore, _ := in["ignoreCompareQuantity"].(bool)
	rawQ, ok := in["quantities"].([]any)
	if !ok {
		return rootField{}, invalidVariable("quantities (Expected value to not be null)")
	}
	if len(rawQ) > 250 {
		return rootField{}, fmt.Errorf("The input array size of %d is greater than the maximum allowed of 250.", len(rawQ))
	}
	entries := make([]quantityEntry, len(rawQ))
	for i, r := range rawQ {
		m, ok := r.(map[string]any)
		if !ok {
			return rootField{}, invalidVariable("quantities[%d] must be an InventoryQuantityInput", i)
		}
		e := &entries[i]
		e.item, _ = m["inventoryItemId"].(string)
		e.location, _ = m["locationId"].(string)
		qty, present, err := optionalInt(m, "quantity")
		if err != nil {
			return rootField{}, err
		}
		if e.item == "" || e.location == "" || qty == nil || !present {
			return rootField{}, invalidVariable("quantities[%d] needs inventoryItemId, locationId and quantity", i)
		}
		e.quantity = *qty
		if _, present := m["compareQuantity"]; present && casRequired {
			return rootField{}, invalidVariable("quantities.%d.compareQuantity (Field is not defined on InventoryQuantityInput)", i)
		}
		if e.compare, _, err = optionalInt(m, "compareQuantity"); err != nil {
			return rootField{}, err
		}
		if newAPI {
			if e.changeFrom, e.hasChangeFrom, err = optionalInt(m, "changeFromQuantity"); err != nil {
				return rootField{}, err
			}
		}
		if casRequired && !e.hasChangeFrom {
			return rootField{}, invalidVariable("quantities.%d.changeFromQuantity is required from API version 2026-04 (pass null to opt out of the check)", i)
		}
	}
	return rootField{name: "inventorySetQuantities", requested: 10, run: func() (any, int) {
		if !hasKey {
			return q.f.setQuantities(name, reason, ref, ignore, entries), 10
		}
		q.f.stats.KeyedWrites++
		sum := inputDigest(in)
		if prev, seen := q.f.idempotent[key]; seen {
			if prev.input != sum {
				return map[string]any{"inventoryAdjustmentGroup": nil, "userErrors": []userError{{
					Code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", Field: []string{"input"},
					Message: "The idempotency key was already used with different input.",
				}}}, 10
			}
			q.f.stats.IdempotentReplays++
			return prev.answer, 10
		}
		answer := q.f.setQuantities(name, reason, ref, ignore, entries)
		q.f.idempotent[key] = keyedWrite{input: sum, answer: answer}
		return answer, 10
	}}, nil
}

// keyedWrite is what an @idempotent key was first used for.
type keyedWrite struct {
	input  string // digest of the mutation's input
	answer map[string]any
}

var idempotentKeyRE = regexp.MustCompile(`@idempotent\s*\(\s*key\s*:\s*("(?:[^"\\]|\\.)*"|\$\w+)\s*\)`)

// idempotencyKey reads the @idempotent(key:) directive's key, a literal or
// a variable; a directive without a usable key is an error.
func (q *request) idempotencyKey() (string, bool, error) {
	if !idempotentRE.MatchString(q.query) {
		return "", false, nil
	}
	m := idempotentKeyRE.FindStringSubmatch(q.query)
	if m == nil {
		return "", false, fmt.Errorf("the @idempotent directive needs key: String!")
	}
	key := ""
	if name, ok := strings.CutPrefix(m[1], "$"); ok {
		key, _ = q.vars[name].(string)
	} else {
		key, _ = strconv.Unquote(m[1]) // not a string literal: no key, refused below
	}
	if strings.TrimSpace(key) == "" {
		return "", false, fmt.Errorf("the @idempotent directive's key must not be empty")
	}
	return key, true, nil
}

func inputDigest(in map[string]any) string {
	b, _ := json.Marshal(in) // cannot fail: in was decoded from JSON; map keys come out sorted, so equal input gives equal bytes
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func qtyField(i int, field string) []string {
	return []string{"input", "quantities", strconv.Itoa(i), field}
}

// setQuantities validates every entry and, when nothing is wrong, applies
// them all (the mutation is all-or-nothing).
func (f *Fake) setQuantities(name, reason, ref string, ignore bool, entries []quantityEntry) map[string]any {
	f.stats.WriteCalls++
	f.entriesWritten += len(entries)
	f.mostEntries = max(f.mostEntries, len(entries))
	var errs []userError
	if name != "available" && name != "on_hand" {
		errs = append(errs, userError{"INVALID_NAME", []string{"input", "name"}, "The quantity name must be either 'available' or 'on_hand'."})
	}
	label, ok := validReasons[reason]
	if !ok {
		errs = append(errs, userError{"INVALID_REASON", []string{"input", "reason"}, "The specified reason is invalid."})
	}
	if ref != "" {
		if u, err := url.Parse(ref); err != nil || u.Scheme == "" {
			errs = append(errs, userError{"INVALID_REFERENCE_DOCUMENT", []string{"input", "referenceDocumentUri"}, "The reference document URI isn't a valid URI."})
		}
	}
	seen := map[[2]int64]bool{}
	for i := range entries {
		e := &entries[i]
		itemID, okItem := parseGID(e.item, "InventoryItem")
		v := f.byItem[itemID]
		if !okItem || v == nil {
			errs = append(errs, userError{"INVALID_INVENTORY_ITEM", qtyField(i, "inventoryItemId"), "The specified inventory item could not be found."})
			continue
		}
		locID, okLoc := parseGID(e.location, "Location")
		if !okLoc || !f.locationExists(locID) {
			errs = append(errs, userError{"INVALID_LOCATION", qtyField(i, "locationId"), "The specified location could not be found."})
			continue
		}
		e.itemID, e.location64 = itemID, locID
		if seen[[2]int64{itemID, locID}] {
			errs = append(errs, userError{"NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", qtyField(i, "inventoryItemId"), "The combination of inventoryItemId and locationId must be unique."})
			continue
		}
		seen[[2]int64{itemID, locID}] = true
		l := v.levels[locID]
		switch {
		case v.bundle:
			errs = append(errs, userError{"NON_MUTABLE_INVENTORY_ITEM", qtyField(i, "inventoryItemId"), "The specified inventory item is not allowed to be adjusted via API. Example: if the inventory item is a parent bundle."})
		case l == nil:
			errs = append(errs, userError{"ITEM_NOT_STOCKED_AT_LOCATION", qtyField(i, "locationId"), "The inventory item is not stocked at the location."})
		case e.quantity > 1_000_000_000:
			errs = append(errs, userError{"INVALID_QUANTITY_TOO_HIGH", qtyField(i, "quantity"), "The quantity can't be higher than 1,000,000,000."})
		case e.quantity < -1_000_000_000:
			errs = append(errs, userError{"INVALID_QUANTITY_TOO_LOW", qtyField(i, "quantity"), "The quantity can't be lower than -1,000,000,000."})
		case name == "on_hand" && e.quantity < 0:
			errs = append(errs, userError{"INVALID_QUANTITY_NEGATIVE", qtyField(i, "quantity"), "The quantity can't be negative."})
		default:
			current := l.available
			if name == "on_hand" {
				current = l.available + l.committed
			}
			if e.hasChangeFrom {
				if e.changeFrom != nil && *e.changeFrom != current {
					errs = append(errs, userError{"CHANGE_FROM_QUANTITY_STALE", qtyField(i, "changeFromQuantity"), "The specified changeFromQuantity no longer matches the persisted value."})
				}
			} else if !ignore && e.compare == nil {
				errs = append(errs, userError{"COMPARE_QUANTITY_REQUIRED", qtyField(i, "compareQuantity"), "A compare quantity is required."})
			} else if !ignore && *e.compare != current {
				errs = append(errs, userError{"COMPARE_QUANTITY_STALE", qtyField(i, "compareQuantity"), "The compareQuantity argument no longer matches the persisted quantity."})
			}
		}
	}
	if len(errs) > 0 {
		return map[string]any{"inventoryAdjustmentGroup": nil, "userErrors": errs}
	}
	now := f.opts.Clock.Now()
	changes := make([]any, 0, 2*len(entries))
	for _, e := range entries {
		v := f.byItem[e.itemID]
		l := v.levels[e.location64]
		var delta int
		if name == "available" {
			delta = e.quantity - l.available
			l.available = e.quantity
		} else {
			delta = e.quantity - (l.available + l.committed)
			l.available += delta
		}
		l.updatedAt = now
		for _, n := range []string{"available", "on_hand"} {
			changes = append(changes, map[string]any{
				"name": n, "delta": delta, "quantityAfterChange": nil,
				"item": map[string]any{"id": ItemGID(v.id)}, "location": map[string]any{"id": LocationGID(e.location64)},
			})
		}
	}
	f.groupSeq++
	f.stats.AppliedWrites++
	return map[string]any{
		"inventoryAdjustmentGroup": map[string]any{
			"id": "gid://shopify/InventoryAdjustmentGroup/" + strconv.FormatInt(f.groupSeq, 10), "createdAt": now.UTC().Format("2006-01-02T15:04:05Z"),
			"reason": label, "referenceDocumentUri": nullIfEmpty(ref), "changes": changes,
		},
		"userErrors": []userError{},
	}
}

func nullIfEmpty(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

func (f *Fake) locationExists(id int64) bool {
	for _, l := range f.locations {
		if l.ID == id {
			return true
		}
	}
	return false
}
