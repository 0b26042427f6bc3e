// Command fakeshop serves the Shopify fake (shopifyfake) on loopback for
// the window's browser tests: a shop with two active locations and a few
// variants, reached with a legacy token. It prints one JSON line with the
// shop's URL and token, then serves until killed.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"shelfsync/backend/connector/shopify/shopifyfake"
)

func main() {
	shop := shopifyfake.New(shopifyfake.Options{Locations: []shopifyfake.Location{
		{ID: 11, Name: "Main warehouse", Active: true, FulfillsOnlineOrders: true},
		{ID: 12, Name: "Pop-up store", Active: true},
		{ID: 13, Name: "Old depot", Active: false},
	}})
	defer shop.Close()
	shop.AddVariants("MUG", 12)
	// The e2e suite reads this line to find the shop: without it, it would
	// only time out, so say why on stderr and stop.
	if err := json.NewEncoder(os.Stdout).Encode(map[string]string{"url": shop.URL(), "token": shop.Token()}); err != nil {
		fmt.Fprintf(os.Stderr, "fakeshop: write the shop's address: %v\n", err)
		shop.Close()
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
}
