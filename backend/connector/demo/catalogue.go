// Package demo simulates a warehouse and a store, kept as JSON files in the
// app's data folder, so ShelfSync can be tried (and tested end to end)
// without any account. The warehouse's stock drifts as time passes, so a
// Smart Sync always has real work.
package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// product is one line of the catalogue: a SKU and its display name.
type product struct {
	SKU  string
	Name string
}

// family is a kind of product and the options it comes in; every
// combination of options is one SKU.
type family struct {
	code, name string
	options    [][]option
}

type option struct{ code, name string }

func opts(pairs ...string) []option {
	out := make([]option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, option{pairs[i], pairs[i+1]})
	}
	return out
}

var (
	apparelColours = opts("BLK", "Black", "WHT", "White", "NVY", "Navy", "GRY", "Heather Grey",
		"OLV", "Olive", "SND", "Sand", "RST", "Rust", "SKY", "Sky Blue")
	apparelSizes = opts("XS", "XS", "S", "S", "M", "M", "L", "L", "XL", "XL", "XXL", "XXL")
	sockSizes    = opts("S", "S (36-39)", "M", "M (40-43)", "L", "L (44-47)")
)

// families make a little over 500 SKUs before numbered editions begin.
var families = []family{
	{"TEE-ORG", "Organic Cotton Tee", [][]option{apparelColours, apparelSizes}},
	{"HOOD-PO", "Pullover Hoodie", [][]option{apparelColours[:6], apparelSizes}},
	{"CREW-FL", "Fleece Crewneck", [][]option{apparelColours[2:7], apparelSizes[1:]}},
	{"SOCK-MER", "Merino Wool Socks", [][]option{apparelColours[:5], sockSizes}},
	{"CAP-DAD", "Washed Dad Cap", [][]option{apparelColours}},
	{"BEAN-RIB", "Ribbed Beanie", [][]option{apparelColours}},
	{"MUG-STN", "Stoneware Mug", [][]option{
		opts("SPK", "Speckled", "CRM", "Cream", "CHR", "Charcoal", "SGE", "Sage", "TER", "Terracotta"),
		opts("12OZ", "12 oz", "16OZ", "16 oz")}},
	{"MUG-ENM", "Enamel Camp Mug", [][]option{opts("WHT", "White", "BLU", "Blue", "RED", "Red", "GRN", "Forest")}},
	{"CNDL-SOY", "Soy Wax Candle", [][]option{
		opts("CDR", "Cedar & Sage", "FIG", "Fig Leaf", "LAV", "Lavender", "SEA", "Sea Salt",
			"TBC", "Tobacco & Vanilla", "CIT", "Citrus Grove", "PNE", "Winter Pine"),
		opts("4OZ", "4 oz", "8OZ", "8 oz", "16OZ", "16 oz")}},
	{"NB", "Notebook", [][]option{
		opts("DOT", "Dot Grid", "LIN", "Lined", "BLK", "Blank", "GRD", "Squared"),
		opts("A5", "A5", "A6", "A6", "B5", "B5"),
		opts("KRF", "Kraft Cover", "LIN", "Linen Cover", "BLK", "Black Cover")}},
	{"TOTE-CNV", "Canvas Tote", [][]option{opts("NAT", "Natural", "BLK", "Black", "OLV", "Olive", "NVY", "Navy")}},
	{"BTL-INS", "Insulated Bottle", [][]option{
		opts("STL", "Steel", "BLK", "Matte Black", "SGE", "Sage", "CRL", "Coral", "NVY", "Navy"),
		opts("500", "500 ml", "750", "750 ml")}},
	{"PRNT-A3", "Art Print A3", [][]option{opts("MTN", "Mountains", "SEA", "Seascape", "CTY", "City at Night",
		"FRN", "Ferns", "DST", "Desert", "BOT", "Botanical Study")}},
	{"PIN-ENM", "Enamel Pin", [][]option{opts("FOX", "Fox", "OWL", "Owl", "CAT", "Cat", "FRG", "Frog", "BEE", "Bee", "MTH", "Moth")}},
	{"STKR-PK", "Sticker Pack", [][]option{opts("NAT", "Nature", "SPC", "Space", "FOD", "Food", "TYP", "Type")}},
	{"TEE-LS", "Long Sleeve Tee", [][]option{apparelColours, apparelSizes}},
	{"HOOD-ZIP", "Zip Hoodie", [][]option{apparelColours[:6], apparelSizes}},
	{"SHRT-LIN", "Linen Shirt", [][]option{opts("WHT", "White", "SND", "Sand", "SKY", "Sky Blue", "OLV", "Olive", "RST", "Rust", "BLK", "Black"), apparelSizes}},
	{"TEE-KID", "Kids Tee", [][]option{apparelColours, opts("2Y", "2 years", "4Y", "4 years", "6Y", "6 years", "8Y", "8 years", "10Y", "10 years")}},
	{"PLNT-CER", "Ceramic Planter", [][]option{opts("WHT", "White", "TER", "Terracotta", "SGE", "Sage", "CHR", "Charcoal"), opts("S", "Small", "M", "Medium", "L", "Large")}},
	{"TEA", "Loose Leaf Tea", [][]option{opts("ERL", "Earl Grey", "SEN", "Sencha", "CHM", "Chamomile", "RBS", "Rooibos",
		"CHA", "Masala Chai", "MNT", "Moroccan Mint", "OOL", "Oolong", "BRK", "Breakfast"), opts("50G", "50 g", "100G", "100 g")}},
	{"SCRF-WOL", "Wool Scarf", [][]option{opts("GRY", "Grey", "CML", "Camel", "NVY", "Navy", "RST", "Rust", "GRN", "Bottle Green", "CHK", "Check")}},
	{"WLT-LTH", "Leather Wallet", [][]option{opts("TAN", "Tan", "BRN", "Brown", "BLK", "Black"), opts("BF", "Bifold", "CH", "Card Holder")}},
	{"CASE-PH", "Phone Case", [][]option{opts("IP15", "iPhone 15", "IP16", "iPhone 16", "PX8", "Pixel 8", "PX9", "Pixel 9", "GS24", "Galaxy S24"),
		opts("FLR", "Florals", "MRB", "Marble", "CLR", "Clear", "BLK", "Black")}},
	{"PZL", "Jigsaw Puzzle", [][]option{opts("MTN", "Mountains", "SEA", "Seascape", "CTY", "City at Night", "FRN", "Ferns", "BRD", "Birds", "MAP", "Old Map"),
		opts("500", "500 pieces", "1000", "1000 pieces")}},
	{"CARD", "Greeting Card", [][]option{opts("BDAY", "Birthday", "THX", "Thank You", "WED", "Wedding", "BABY", "New Baby", "SYM", "Sympathy", "XMAS", "Winter Holidays",
		"GRAD", "Graduation", "LOVE", "Love", "HOME", "New Home", "RET", "Retirement", "BLK", "Blank", "CNG", "Congratulations")}},
	{"APRN-CNV", "Canvas Apron", [][]option{opts("NAT", "Natural", "BLK", "Black", "OLV", "Olive", "DNM", "Denim")}},
	{"TOWL-TEA", "Tea Towel", [][]option{opts("LMN", "Lemons", "HRB", "Herbs", "STR", "Stripes", "CHK", "Gingham", "FSH", "Fish", "BRD", "Birds")}},
	{"BPCK-RT", "Roll-top Backpack", [][]option{opts("BLK", "Black", "OLV", "Olive", "SND", "Sand", "NVY", "Navy"), opts("20L", "20 L", "28L", "28 L")}},
}

// allProducts lists every combination, family by family.
func allProducts() []product {
	var out []product
	for _, f := range families {
		combos := []product{{SKU: f.code, Name: f.name}}
		for _, dim := range f.options {
			next := make([]product, 0, len(combos)*len(dim))
			for _, c := range combos {
				for _, o := range dim {
					next = append(next, product{SKU: c.SKU + "-" + o.code, Name: c.Name + " · " + o.name})
				}
			}
			combos = next
		}
		out = append(out, combos...)
	}
	return out
}

// leadSKU is the SKU every catalogue starts with, so Test can name it.
const leadSKU = "TEE-ORG-BLK-M"

// catalogue picks n products for a seed: the lead SKU first, the rest a
// seeded shuffle of every combination. Past the combinations it adds
// numbered editions ("… · Edition 2"), so any size works.
func catalogue(seed int64, n int) []product {
	all := allProducts()
	lead := 0
	for i, p := range all {
		if p.SKU == leadSKU {
			lead = i
		}
	}
	all[0], all[lead] = all[lead], all[0]
	rng := newRand(seed, 0xCA7A)
	rest := all[1:]
	rng.Shuffle(len(rest), func(i, j int) { rest[i], rest[j] = rest[j], rest[i] })

	out := make([]product, 0, n)
	for edition := 1; len(out) < n; edition++ {
		for _, p := range all {
			if len(out) == n {
				break
			}
			if edition > 1 {
				p = product{SKU: fmt.Sprintf("%s-E%d", p.SKU, edition), Name: fmt.Sprintf("%s · Edition %d", p.Name, edition)}
			}
			out = append(out, p)
		}
	}
	return out
}

// initialItems gives a fresh warehouse its stock: 0..250 each, about one in
// twenty sold out, each last changed some time in the 30 days before at.
func initialItems(seed int64, n int, at time.Time) []item {
	rng := newRand(seed, 0x57)
	products := catalogue(seed, n)
	items := make([]item, len(products))
	for i, p := range products {
		qty := rng.IntN(251)
		if rng.IntN(20) == 0 {
			qty = 0
		}
		ago := time.Duration(rng.Int64N(int64(30 * 24 * time.Hour)))
		items[i] = item{SKU: p.SKU, Name: p.Name, Qty: qty, UpdatedAt: at.Add(-ago).Truncate(time.Second).UTC()}
	}
	return items
}

// newRand is a seeded generator; stream separates the uses of one seed so
// that, say, the store's prefill does not change when the drift does.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}
