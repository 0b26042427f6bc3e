package desktop

import (
	"os"
	"testing"
)

func TestTheWindowTurnsOffWebKitsBufferSharingItNeverUses(t *testing.T) {
	t.Setenv(webKitBufferSharingEnv, "")
	os.Unsetenv(webKitBufferSharingEnv)
	PrepareWebView()
	if got := os.Getenv(webKitBufferSharingEnv); got != "1" {
		t.Fatalf("%s = %q, want 1", webKitBufferSharingEnv, got)
	}
}

func TestTheMerchantsOwnWebKitSettingIsKept(t *testing.T) {
	t.Setenv(webKitBufferSharingEnv, "0")
	PrepareWebView()
	if got := os.Getenv(webKitBufferSharingEnv); got != "0" {
		t.Fatalf("%s = %q, want the merchant's 0 kept", webKitBufferSharingEnv, got)
	}
}
