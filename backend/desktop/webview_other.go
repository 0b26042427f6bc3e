//go:build !linux

package desktop

// PrepareWebView has nothing to set where the web view is not WebKitGTK.
func PrepareWebView() {}
