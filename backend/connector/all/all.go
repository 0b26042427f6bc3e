// Package all registers every connector ShelfSync ships: one line each.
// Import it for its side effect where connectors are opened or listed.
package all

import (
	_ "shelfsync/backend/connector/csvfeed"
	_ "shelfsync/backend/connector/demo"
	_ "shelfsync/backend/connector/shipbob"
	_ "shelfsync/backend/connector/shopify"
	_ "shelfsync/backend/connector/woocommerce"
)
