//go:build linux

package agent

import (
	"bufio"
	"io"
	"log"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"strconv"
	"strings"
	"time"
)

func (a *agent) serve() {
	server := rpc.NewServer()
	if err := server.RegisterName("Agent", &rpcService{a: a}); err != nil {
		log.Printf("agent: %v", err)
		return
	}
	for {
		conn, err := a.ln.Accept()
		if err != nil {
			return // closed on quit
		}
		go a.handle(conn, server)
	}
}

func (a *agent) handle(conn net.Conn, server *rpc.Server) {
	r := bufio.NewReader(conn)
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second)) // a failed deadline only means waiting longer
	line, err := r.ReadString('\n')
	if err != nil {
		conn.Close()
		return
	}
	_ = conn.SetReadDeadline(time.Time{}) // left set, a long-lived event stream would be cut after 5 s; it fails only on a closed conn, which the next read reports
	hello, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	switch hello {
	case helloOpen:
		runID, _ := strconv.ParseUint(arg, 10, 64) // none or not a number: 0, open on the connections
		a.openWindow(uint(runID))
		_, _ = io.WriteString(conn, "ok\n") // the launch that asked exits either way
		conn.Close()
	case helloPing:
		_, _ = io.WriteString(conn, "ok\n") // the launch that asked exits either way
		conn.Close()
	case helloWindow:
		a.attachWindow(conn)
	case helloRPC:
		server.ServeCodec(jsonrpc.NewServerCodec(struct {
			io.Reader
			io.WriteCloser
		}{r, conn}))
	default:
		conn.Close()
	}
}
