package desktop

import "os"

// webKitBufferSharingEnv turns off WebKitGTK's DMA-BUF renderer, the way
// the web process hands GPU-drawn frames to the window.
const webKitBufferSharingEnv = "WEBKIT_DISABLE_DMABUF_RENDERER"

// PrepareWebView sets WebKitGTK's environment before the window's first
// web view. The window draws without GPU acceleration (Wails sets the
// hardware acceleration policy to never, for the blank windows some GPU
// drivers gave), yet with buffer sharing on, WebKitGTK still sets up the
// GPU's EGL display in the window's process before it starts its web
// process: Mesa and its LLVM loaded there on the launch's critical path,
// about 75 ms of it (BENCHMARKS.md, "the night's look"). Off, the web
// process starts that much sooner and draws the same pages. A merchant who sets
// the variable themselves (0 included) is obeyed.
func PrepareWebView() {
	if _, set := os.LookupEnv(webKitBufferSharingEnv); !set {
		// Setenv refuses only a malformed name, and this one is a constant.
		_ = os.Setenv(webKitBufferSharingEnv, "1")
	}
}
