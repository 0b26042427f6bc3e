package main

import (
	"os"
	"strings"
	"testing"

	"shelfsync/backend/events"
)

// scripts/footprint.sh waits for the floor's page to say it painted as it
// waits for the app's: renamed on one side only, the floor would never
// report and the launch bench would hang until its timeout.
func TestTheLaunchFloorPageReportsItsPaintAsTheAppDoes(t *testing.T) {
	page, err := os.ReadFile("scripts/startupfloor/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if want := "EventsEmit('" + events.FirstPaint + "')"; !strings.Contains(string(page), want) {
		t.Fatalf("the floor page never calls %s", want)
	}
}
