// tcpconform agent for gVisor's netstack (docs/agent-protocol.md, version 1).
//
// Drives Debian's golang-gvisor-gvisor-dev: a netstack with IPv4 and TCP on a channel link
// endpoint, whose inbound side takes the harness's packets and whose outbound side is read back.
// Time is virtual: the stack's clock is a faketime.ManualClock that moves only on IDLE and TIMER.
// Netstack works in goroutines of its own, so after each request the agent waits until the stack
// has been quiet for a few milliseconds of real time before it answers. One stack per OPEN.
//
// Built by tcpconform on demand:
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o gvisor-agent gvisor-agent.go
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"time"

	"gvisor.dev/gvisor/pkg/bufferv2"
	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/faketime"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/channel"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/waiter"
)

const (
	sendSize = 100
	// How long the stack must be quiet, in real time, for its answer to an input to be complete;
	// and after a step of the clock, when only timers can have fired.
	quietInput = 10 * time.Millisecond
	quietTick  = 2 * time.Millisecond
)

var (
	self = tcpip.Address("\x0a\x00\x00\x01")
	peer = tcpip.Address("\x0a\x00\x00\x02")
	out  = bufio.NewWriter(os.Stdout)
)

// session is one OPEN: a fresh stack and the application's handles on it.
type session struct {
	clock     *faketime.ManualClock
	start     time.Time
	stack     *stack.Stack
	link      *channel.Endpoint
	listener  tcpip.Endpoint
	conn      tcpip.Endpoint
	released  tcpip.Endpoint // the connection after the application closed it, for its state
	accepted  bool
	nagle     bool
	quickAck  bool
	waiting   int // SENDs made before the connection could take them
	written   int64 // octets of the application's stream the connection has taken
	letGo     string
	connecting bool
}

var cur *session

func frame(t byte, payload []byte) {
	var head [5]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(payload)+1))
	head[4] = t
	out.Write(head[:])
	out.Write(payload)
}

func text(t byte, s string) { frame(t, []byte(s)) }

// appOctets is octets from..from+n-1 of what the application SENDs (HELLO data=yes): 'A'..'Z',
// then '0'..'9', over and over, counted from 0 on each connection.
func appOctets(from int64, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		r := (from + int64(i)) % 36
		if r < 26 {
			b[i] = byte('A' + r)
		} else {
			b[i] = byte('0' + r - 26)
		}
	}
	return b
}

// readFrames sends what a RECEIVE returned in READ frames of at most 64 KiB.
func readFrames(octets []byte) {
	for len(octets) > 0 {
		n := len(octets)
		if n > 65536 {
			n = 65536
		}
		frame('R', octets[:n])
		octets = octets[n:]
	}
}

func (s *session) elapsed() int64 { return s.clock.Now().Sub(s.start).Milliseconds() }

func open(args string) {
	if cur != nil {
		cur.close()
	}
	seed := int64(0)
	s := &session{}
	for _, l := range strings.Split(args, "\n") {
		if strings.HasPrefix(l, "seed=") {
			seed, _ = strconv.ParseInt(l[5:], 10, 64)
		}
		s.nagle = s.nagle || l == "nagle=yes"
		s.quickAck = s.quickAck || l == "delayed-ack=no"
	}
	s.clock = faketime.NewManualClock()
	s.start = s.clock.Now()
	s.stack = stack.New(stack.Options{
		NetworkProtocols:   []stack.NetworkProtocolFactory{ipv4.NewProtocol},
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol},
		Clock:              s.clock,
		RandSource:         rand.NewSource(seed),
	})
	s.link = channel.New(1024, 1500, "")
	if err := s.stack.CreateNIC(1, s.link); err != nil {
		fail("CreateNIC: %v", err)
	}
	addr := tcpip.ProtocolAddress{Protocol: ipv4.ProtocolNumber, AddressWithPrefix: tcpip.AddressWithPrefix{Address: self, PrefixLen: 24}}
	if err := s.stack.AddProtocolAddress(1, addr, stack.AddressProperties{}); err != nil {
		fail("AddProtocolAddress: %v", err)
	}
	s.stack.SetRouteTable([]tcpip.Route{{Destination: header.IPv4EmptySubnet, NIC: 1}})
	cur = s
}

func (s *session) close() {
	for _, e := range []tcpip.Endpoint{s.conn, s.listener} {
		if e != nil {
			e.Abort()
		}
	}
	s.stack.Close()
	s.stack.Wait()
}

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "gvisor-agent: "+format+"\n", a...)
	os.Exit(3)
}

func (s *session) newEndpoint() (tcpip.Endpoint, tcpip.Error) {
	var wq waiter.Queue
	ep, err := s.stack.NewEndpoint(tcp.ProtocolNumber, ipv4.ProtocolNumber, &wq)
	if err != nil {
		return nil, err
	}
	ep.SocketOptions().SetReuseAddress(true)
	s.tune(ep)
	if err := ep.Bind(tcpip.FullAddress{Addr: self, Port: 80}); err != nil {
		ep.Close()
		return nil, err
	}
	return ep, nil
}

func (s *session) tune(ep tcpip.Endpoint) {
	ep.SocketOptions().SetDelayOption(s.nagle)
	ep.SocketOptions().SetQuickAck(s.quickAck)
}

// settle waits until the stack has been quiet for a while, passing on what it sent, and lets the
// application learn what happened (an accepted connection, a completed connect, an error).
func (s *session) settle(quiet time.Duration) {
	for i := 0; i < 100; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), quiet)
		pkt := s.link.ReadContext(ctx)
		cancel()
		if pkt.IsNil() {
			if !s.observe() {
				return
			}
			continue
		}
		v := pkt.ToView()
		b := make([]byte, 8+v.Size())
		binary.BigEndian.PutUint64(b[:8], uint64(s.elapsed()))
		copy(b[8:], v.AsSlice())
		v.Release()
		pkt.DecRef()
		frame('P', b)
		packetsSent++
	}
}

// observe is the application looking at its handles; returns whether it did anything.
func (s *session) observe() bool {
	acted := false
	if s.listener != nil && s.conn == nil && !s.accepted {
		if ep, _, err := s.listener.Accept(nil); err == nil {
			s.conn = ep
			s.written = 0
			s.accepted = true
			s.tune(ep)
			text('G', "connected")
			acted = s.flush() || acted
		}
	}
	if s.conn != nil && s.connecting {
		st := tcp.EndpointState(s.conn.State())
		if st == tcp.StateEstablished || st == tcp.StateCloseWait || st == tcp.StateFinWait1 {
			s.connecting = false
			text('G', "connected")
			acted = s.flush() || acted
		} else if st == tcp.StateError || st == tcp.StateClose {
			s.connecting = false
			s.lost(s.conn.LastError())
		}
	} else if s.conn != nil {
		if err := s.conn.LastError(); err != nil {
			s.lost(err)
		}
	}
	// The connection that came from the listener is over: the listener goes too (as for Linux).
	e := s.conn
	if e == nil {
		e = s.released
	}
	if s.listener != nil && s.accepted && (e == nil || name(tcp.EndpointState(e.State())) == "CLOSED") {
		s.listener.Close()
		s.listener = nil
		s.accepted = false
	}
	return acted
}

func (s *session) lost(err tcpip.Error) {
	switch err.(type) {
	case *tcpip.ErrConnectionRefused:
		text('G', "refused")
	case *tcpip.ErrConnectionReset:
		text('G', "reset")
	case *tcpip.ErrTimeout, *tcpip.ErrConnectionAborted:
		text('G', "timed-out")
	default:
		return
	}
	s.waiting = 0
	s.letGo = ""
	s.released = s.conn
	s.conn.Close()
	s.conn = nil
}

// flush writes the SENDs the application made before the connection could take them.
func (s *session) flush() bool {
	if s.conn == nil || s.connecting {
		return false
	}
	acted := false
	for s.waiting > 0 {
		var r strings.Reader
		r.Reset(string(appOctets(s.written, sendSize)))
		n, err := s.conn.Write(&r, tcpip.WriteOptions{})
		s.written += n
		if err != nil {
			if _, ok := err.(*tcpip.ErrWouldBlock); ok {
				return acted
			}
			s.waiting = 0
			break
		}
		s.waiting--
		acted = true
	}
	if s.letGo != "" && s.conn != nil {
		c := s.letGo
		s.letGo = ""
		s.release(c)
		acted = true
	}
	return acted
}

func (s *session) release(call string) {
	switch call {
	case "shutdown":
		s.conn.Shutdown(tcpip.ShutdownWrite)
	case "abort":
		s.conn.Abort()
		s.released = s.conn
		s.conn = nil
	default:
		s.conn.Close()
		s.released = s.conn
		s.conn = nil
	}
}

func (s *session) state() string {
	e := s.conn
	if e == nil {
		e = s.released
	}
	if e == nil && s.listener != nil {
		// A passive connection before accept lives only in the stack's endpoints.
		for _, t := range s.stack.RegisteredEndpoints() {
			if te, ok := t.(interface {
				State() uint32
				Info() tcpip.EndpointInfo
			}); ok {
				if id := te.Info().(*stack.TransportEndpointInfo).ID; id.RemotePort == 40000 && id.LocalPort == 80 {
					return name(tcp.EndpointState(te.State()))
				}
			}
		}
		return "LISTEN"
	}
	if e == nil {
		return "CLOSED"
	}
	n := name(tcp.EndpointState(e.State()))
	if n == "CLOSED" && s.listener != nil {
		return "LISTEN"
	}
	return n
}

func name(st tcp.EndpointState) string {
	switch st {
	case tcp.StateSynSent, tcp.StateConnecting:
		return "SYN-SENT"
	case tcp.StateSynRecv:
		return "SYN-RECEIVED"
	case tcp.StateEstablished:
		return "ESTABLISHED"
	case tcp.StateFinWait1:
		return "FIN-WAIT-1"
	case tcp.StateFinWait2:
		return "FIN-WAIT-2"
	case tcp.StateCloseWait:
		return "CLOSE-WAIT"
	case tcp.StateClosing:
		return "CLOSING"
	case tcp.StateLastAck:
		return "LAST-ACK"
	case tcp.StateTimeWait:
		return "TIME-WAIT"
	case tcp.StateListen:
		return "LISTEN"
	}
	return "CLOSED"
}

// call performs an application call; returns "" or a reason it cannot ('N'), or "!" + an error ('E').
func (s *session) call(c string) string {
	st := s.state()
	switch c {
	case "listen":
		if s.listener != nil || (st != "CLOSED") {
			return "!connection already exists"
		}
		ep, err := s.newEndpoint()
		if err != nil {
			return "!" + err.String()
		}
		if err := ep.Listen(16); err != nil {
			ep.Close()
			return "!" + err.String()
		}
		s.listener, s.conn, s.released, s.accepted = ep, nil, nil, false
		return ""
	case "connect":
		if st != "CLOSED" && st != "LISTEN" {
			return "!connection already exists"
		}
		return s.activeOpen()
	case "send":
		if s.conn == nil && s.listener != nil && st == "LISTEN" {
			if r := s.activeOpen(); r != "" {
				return r
			}
		}
		if s.conn == nil {
			if st == "SYN-RECEIVED" {
				return "the API gives the application no handle on a connection before accept"
			}
			return "!connection does not exist"
		}
		s.waiting++
		s.flush()
		return ""
	case "receive":
		if s.conn == nil || s.connecting {
			return ""
		}
		var got bytes.Buffer
		res, err := s.conn.Read(&got, tcpip.ReadOptions{})
		if err == nil && res.Count > 0 {
			readFrames(got.Bytes())
			text('G', "data")
		} else if _, ok := err.(*tcpip.ErrClosedForReceive); ok {
			text('G', "eof")
		} else if err != nil {
			s.lost(err)
		}
		return ""
	case "shutdown", "close", "abort":
		if s.conn == nil {
			if st == "SYN-RECEIVED" {
				return "the API gives the application no handle on a connection before accept"
			}
			if s.released != nil && st != "CLOSED" && st != "LISTEN" {
				if c == "abort" {
					return "the application closed the connection, so it has nothing to abort it with"
				}
				return ""
			}
			if s.listener != nil {
				s.listener.Close()
				s.listener = nil
				return ""
			}
			return "!connection does not exist"
		}
		if s.waiting > 0 && c != "abort" && st != "SYN-SENT" {
			s.letGo = c
			return ""
		}
		if st == "SYN-SENT" {
			s.waiting = 0
		}
		s.release(c)
		return ""
	}
	return "no such call"
}

func (s *session) activeOpen() string {
	if s.listener != nil {
		s.listener.Close()
		s.listener = nil
	}
	ep, err := s.newEndpoint()
	if err != nil {
		return "!" + err.String()
	}
	s.conn, s.released, s.connecting, s.written = ep, nil, true, 0
	if err := ep.Connect(tcpip.FullAddress{NIC: 1, Addr: peer, Port: 40000}); err != nil {
		if _, ok := err.(*tcpip.ErrConnectStarted); !ok {
			return "!" + err.String()
		}
	}
	return ""
}

// advance moves the clock by d in steps, letting the stack work after each: 50 ms steps for the
// first 10 s, then 1 s steps, so that hours of the stack's time pass in a few thousand steps.
func (s *session) advance(d time.Duration, until func() bool) bool {
	from := s.clock.Now()
	end := from.Add(d)
	for s.clock.Now().Before(end) {
		step := 50 * time.Millisecond
		if s.clock.Now().Sub(from) >= 10*time.Second {
			step = time.Second
		}
		if rest := end.Sub(s.clock.Now()); rest < step {
			step = rest
		}
		s.clock.Advance(step)
		s.settle(quietTick)
		if until != nil && until() {
			return true
		}
	}
	return until == nil
}

func (s *session) timer(which string) string {
	var count func() bool
	switch which {
	case "rto", "persist", "keepalive":
		if which == "keepalive" {
			if s.conn != nil {
				s.conn.SocketOptions().SetKeepAlive(true)
			}
		}
		before := packetsSent
		count = func() bool { return packetsSent > before }
		if !s.advance(3*time.Hour, count) {
			return "no segment within 3 h of the stack's time"
		}
	case "user-timeout":
		count = func() bool {
			st := s.state()
			return st == "CLOSED" || st == "LISTEN" || st == "TIME-WAIT"
		}
		if !s.advance(3*time.Hour, count) {
			return "the stack did not give up within 3 h of its time"
		}
	case "2msl":
		count = func() bool { return s.state() != "TIME-WAIT" }
		if !s.advance(time.Hour, count) {
			return "TIME-WAIT did not end within 1 h of the stack's time"
		}
	default:
		return "no such timer"
	}
	return ""
}

// packetsSent counts what the stack sent, for the timers that wait for a segment.
var packetsSent int

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<17)
	head := make([]byte, 4)
	for {
		if _, err := io.ReadFull(in, head); err != nil {
			return
		}
		n := binary.BigEndian.Uint32(head)
		if n < 1 || n > 1<<17 {
			fail("frame length %d out of bounds", n)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(in, body); err != nil {
			fail("input ended inside a frame")
		}
		t, payload := body[0], body[1:]
		reason := ""
		switch t {
		case 'H':
			text('H', "tcpconform-agent 1\nname=gvisor\ndescription=gVisor netstack (Debian's golang-gvisor-gvisor-dev), virtual time\n"+
				"virtual-time=yes\nstate=yes\ndata=yes\ncalls=listen,connect,send,receive,shutdown,close,abort\n"+
				"refuses=shutdown@SYN-RECEIVED,close@SYN-RECEIVED,abort@SYN-RECEIVED,send@SYN-RECEIVED,"+
				"abort@FIN-WAIT-1,abort@FIN-WAIT-2,abort@CLOSING,abort@LAST-ACK,abort@TIME-WAIT\n")
			out.Flush()
			continue
		case 'Q':
			out.Flush()
			return
		case 'O':
			open(string(payload))
		case 'S':
			if cur == nil {
				text('S', "")
			} else {
				text('S', cur.state())
			}
			out.Flush()
			continue
		}
		if cur == nil && t != 'O' {
			text('N', "no OPEN yet")
			out.Flush()
			continue
		}
		switch t {
		case 'O':
		case 'P':
			buf := bufferv2.MakeWithData(append([]byte(nil), payload...))
			pkt := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: buf})
			cur.link.InjectInbound(ipv4.ProtocolNumber, pkt)
			pkt.DecRef()
		case 'C':
			reason = cur.call(string(payload))
		case 'T':
			reason = cur.timer(string(payload))
		case 'I':
			ms, _ := strconv.ParseInt(strings.TrimSpace(string(payload)), 10, 64)
			cur.advance(time.Duration(ms)*time.Millisecond, nil)
		default:
			reason = "unknown message"
		}
		cur.settle(quietInput)
		switch {
		case reason == "":
			text('D', strconv.FormatInt(cur.elapsed(), 10))
		case reason[0] == '!':
			text('E', reason[1:])
		default:
			text('N', reason)
		}
		out.Flush()
	}
}
