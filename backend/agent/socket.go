package agent

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Supported reports whether this platform runs the agent. Elsewhere the
// window's process stays resident (docs/DESKTOP.md): the agent sends
// notifications over D-Bus, which only Linux desktops have.
const Supported = supported

// The first line a client sends says what the connection is for.
const (
	helloOpen   = "open"   // "open <runID>": a second launch or a View details; the agent opens its window
	helloPing   = "ping"   // a launch at login asks whether an agent runs, and opens nothing
	helloWindow = "window" // the window's event stream, for as long as the window lives
	helloRPC    = "rpc"    // the window's calls (services.Remote), JSON-RPC 1.0
)

// Commands the agent sends the window on its event stream, beside events.
const (
	ShowCommand = "agent:show" // come forward
	QuitCommand = "agent:quit" // the agent is quitting: close
)

// socketPath is the agent's socket: in the data folder, which only its
// owner can enter (storage checks), unless that path is longer than a
// socket address holds; then in the user's private runtime folder.
func socketPath(dataDir string) (string, error) {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return "", fmt.Errorf("find the data folder %s: %w", dataDir, err)
	}
	path := filepath.Join(abs, "agent.sock")
	if len(path) < 100 {
		return path, nil
	}
	runtimeDir := os.Getenv("XDG_RUNTIME_DIR")
	if runtimeDir == "" {
		return "", fmt.Errorf("the data folder's path %s is too long for ShelfSync's local socket; use a shorter one (--data-dir)", abs)
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(runtimeDir, "shelfsync-"+hex.EncodeToString(sum[:6])+".sock"), nil
}

type socketListener struct {
	net.Listener
	path string
}

// listen replaces a socket a dead agent left (the caller holds the
// agent lock, so no live agent owns it) and listens, readable by the owner
// alone.
func listen(dataDir string) (*socketListener, error) {
	path, err := socketPath(dataDir)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("remove the old socket %s: %w", path, err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s for the window: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("make the socket %s private: %w", path, err)
	}
	return &socketListener{Listener: ln, path: path}, nil
}

func (l *socketListener) Close() {
	// Closing a unix listener removes its file; an error means it is gone already.
	_ = l.Listener.Close()
}

func dial(dataDir string, hello string) (net.Conn, *bufio.Reader, error) {
	path, err := socketPath(dataDir)
	if err != nil {
		return nil, nil, err
	}
	conn, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return nil, nil, err
	}
	if _, err := io.WriteString(conn, hello+"\n"); err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, bufio.NewReader(conn), nil
}

// HandOff asks the agent running on the data folder to open its window
// (on run runID when not 0) and reports whether one answered; the caller
// then exits.
func HandOff(dataDir string, runID uint) bool {
	return ask(dataDir, helloOpen+" "+strconv.FormatUint(uint64(runID), 10))
}

// Running reports whether an agent answers on the data folder, asking it
// for nothing: a second start at login ends quietly.
func Running(dataDir string) bool { return ask(dataDir, helloPing) }

func ask(dataDir, hello string) bool {
	conn, r, err := dial(dataDir, hello)
	if err != nil {
		return false
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second)) // a failed deadline only means waiting longer
	line, err := r.ReadString('\n')
	return err == nil && strings.TrimSpace(line) == "ok"
}

// streamed is one line of the window's event stream.
type streamed struct {
	Name    string          `json:"name"`
	Payload json.RawMessage `json:"payload,omitempty"`
}
