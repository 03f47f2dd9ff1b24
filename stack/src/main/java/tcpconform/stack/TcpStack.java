package tcpconform.stack;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import tcpconform.stack.buffer.SendBuffer;
import tcpconform.stack.wire.Addresses;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/**
 * The project's own TCP, sans-IO: IPv4 packets in through {@link #receive}, packets out through
 * the {@link PacketSink}; application calls on {@link Connection} and {@link Listener}, events
 * out through {@link #poll}; time passed in by the caller, and {@link #nextDeadline} says when
 * to call {@link #advance} again. No threads, no clock, no randomness: the ISN secret comes
 * from whoever builds the stack. One local IPv4 address, many connections.
 */
public final class TcpStack {

    /** Counters of what the stack dropped and why, for tests and diagnostics. */
    public static final class Counters {
        public long packetsReceived;
        public long packetsDropped;
        public long segmentsForNoConnection;
        public long resetsSent;
        public long packetsSent;
        /** SYN,ACKs sent with a SYN cookie, and connections opened by one coming back. */
        public long cookiesSent;
        public long cookieConnections;
        /** SYNs, and ACKs returning a cookie, dropped because the listener's queues were full. */
        public long handshakesDropped;
    }

    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;

    private final int localAddress;
    private final IsnGenerator isn;
    private final PacketSink sink;
    private final ConnectionOptions defaults;
    private final ConnectionTable connections = new ConnectionTable();
    private final Map<Integer, Listener> listeners = new HashMap<>();
    private final TimerHeap timers = new TimerHeap();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final Segment incoming = new Segment();
    private final Segment outgoing = new Segment();
    private final byte[] packet = new byte[Codec.MAX_PACKET];
    private final Counters counters = new Counters();
    private final BufferPool buffers = new BufferPool();
    private final SynCookies cookies = new SynCookies(this);
    private int nextEphemeral;

    public TcpStack(int localAddress, IsnGenerator isn, ConnectionOptions defaults, PacketSink sink) {
        if (!Addresses.isUnicast(localAddress)) {
            throw new IllegalArgumentException("local address must be unicast: " + Addresses.format(localAddress));
        }
        this.localAddress = localAddress;
        this.isn = isn;
        this.sink = sink;
        this.defaults = defaults.copy();
        this.nextEphemeral = (int) Integer.toUnsignedLong(isn.isn(localAddress, 0, 0, 0, 0)) % EPHEMERAL_COUNT;
    }

    public TcpStack(int localAddress, IsnGenerator isn, PacketSink sink) {
        this(localAddress, isn, new ConnectionOptions(), sink);
    }

    public int localAddress() {
        return localAddress;
    }

    public Counters counters() {
        return counters;
    }

    /** Connections with a TCB, in any state but CLOSED. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * The connection with this four-tuple, in any state but CLOSED, or null. Unlike {@link
     * Listener#accept} it also finds connections still in the handshake: for diagnostics and
     * for harnesses that observe state.
     */
    public Connection connection(int localPort, int remoteAddress, int remotePort) {
        return connections.get(ConnectionTable.key(localPort, remotePort, remoteAddress));
    }

    /** The next event for the application, or null. */
    public Event poll() {
        return events.poll();
    }

    /** Passive OPEN on {@code port} (§3.10.1) with the stack's default options. */
    public Listener listen(int port, int backlog) {
        return listen(port, backlog, defaults);
    }

    public Listener listen(int port, int backlog, ConnectionOptions options) {
        checkPort("port", port);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, not " + backlog);
        }
        if (listeners.containsKey(port)) {
            throw new TcpException(TcpException.Reason.CONNECTION_ALREADY_EXISTS);
        }
        Listener l = new Listener(this, port, backlog, options.copy());
        listeners.put(port, l);
        return l;
    }

    /** Active OPEN (§3.10.1) from an ephemeral port, with the stack's default options. */
    public Connection connect(int remoteAddress, int remotePort, long now) {
        return connect(0, remoteAddress, remotePort, defaults, now);
    }

    /** Active OPEN from {@code localPort} (0: an ephemeral one). */
    public Connection connect(int localPort, int remoteAddress, int remotePort, ConnectionOptions options, long now) {
        if (!Addresses.isUnicast(remoteAddress)) {
            throw new TcpException(TcpException.Reason.ILLEGAL_ADDRESS); // MUST-46
        }
        checkPort("remote port", remotePort);
        int port = localPort == 0 ? ephemeralPort(remoteAddress, remotePort) : localPort;
        checkPort("local port", port);
        long key = ConnectionTable.key(port, remotePort, remoteAddress);
        if (connections.get(key) != null) {
            throw new TcpException(TcpException.Reason.CONNECTION_ALREADY_EXISTS);
        }
        Connection c = new Connection(this, port, remoteAddress, remotePort, null, options.copy());
        connections.put(key, c);
        c.open(now);
        return c;
    }

    /** Takes one IPv4 packet from the network. Anything malformed is dropped and counted. */
    public void receive(byte[] data, int offset, int length, long now) {
        counters.packetsReceived++;
        Segment seg = incoming;
        if (Codec.decode(data, offset, length, seg) != Codec.Result.OK
                || seg.destinationAddress != localAddress // MUST-57: not ours, or broadcast
                || !Addresses.isUnicast(seg.sourceAddress)
                || seg.sourcePort == 0 || seg.destinationPort == 0) {
            counters.packetsDropped++;
            return;
        }
        Connection c = connections.get(ConnectionTable.key(seg.destinationPort, seg.sourcePort, seg.sourceAddress));
        if (c != null) {
            c.segmentArrives(seg, now);
            return;
        }
        Listener l = listeners.get(seg.destinationPort);
        if (l != null) {
            listen(l, seg, now);
        } else {
            noConnection(seg, now);
        }
    }

    /** Fires every timer due at {@code now}. */
    public void advance(long now) {
        Connection c;
        while ((c = timers.first()) != null && c.heapKey <= now) {
            c.timersExpire(now);
            if (c.heapSlot >= 0 && c.heapKey <= now) {
                timers.remove(c); // defensive: a connection whose deadline did not move is not spun on
            }
        }
    }

    /** When {@link #advance} must next be called; {@code Long.MAX_VALUE} when nothing waits. */
    public long nextDeadline() {
        return timers.earliest();
    }

    /** §3.10.7.2 LISTEN. */
    private void listen(Listener l, Segment seg, long now) {
        if (seg.has(Segment.RST)) {
            return; // "An incoming RST should be ignored"
        }
        if (seg.has(Segment.ACK)) {
            if (!seg.has(Segment.SYN) && l.cookiesRecent(now) && openFromCookie(l, seg, now)) {
                return;
            }
            reset(seg, now); // <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (!seg.has(Segment.SYN)) {
            return;
        }
        if (l.hasRoom()) {
            Connection c = new Connection(this, seg.destinationPort, seg.sourceAddress, seg.sourcePort, l, l.options());
            connections.put(c.key, c);
            l.synReceived();
            c.acceptSyn(seg, now);
        } else if (l.options().synCookies() && l.acceptQueueHasRoom()) {
            sendCookie(l, seg, now);
        } else {
            counters.handshakesDropped++;
        }
    }

    /**
     * A SYN,ACK that keeps nothing (RFC 4987 §3.6): <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK>,
     * with our MSS and no other option. Text on the SYN is not acknowledged, so the peer resends it.
     */
    private void sendCookie(Listener l, Segment in, long now) {
        int peerMss = in.mss == Segment.ABSENT ? SynCookies.MSS_TABLE[0] : in.mss;
        Segment out = replyTo(in);
        out.seq = cookies.make(in.destinationPort, in.sourceAddress, in.sourcePort, in.seq, peerMss, now);
        out.ack = in.seq + 1;
        out.flags = Segment.SYN | Segment.ACK;
        out.window = SynCookies.window(l.options());
        out.mss = l.options().mss();
        l.cookieSent(now);
        counters.cookiesSent++;
        transmit(out, null, 0, 0);
    }

    /**
     * An ACK in LISTEN that returns a valid cookie opens the connection in ESTABLISHED, if the
     * accept queue has room (if not, it is dropped without a RST, and the peer's retransmission
     * may find room). Returns false when the ACK carries no valid cookie.
     */
    private boolean openFromCookie(Listener l, Segment seg, long now) {
        int peerMss = cookies.check(seg.destinationPort, seg.sourceAddress, seg.sourcePort, seg.seq, seg.ack, now);
        if (peerMss < 0) {
            return false;
        }
        if (!l.acceptQueueHasRoom()) {
            counters.handshakesDropped++;
            return true;
        }
        Connection c = new Connection(this, seg.destinationPort, seg.sourceAddress, seg.sourcePort, l, l.options());
        connections.put(c.key, c);
        counters.cookieConnections++;
        c.openFromCookie(seg, peerMss);
        queueForAccept(c, false);
        c.segmentArrives(seg, now); // the ACK may carry text and a FIN: process it as in ESTABLISHED
        return true;
    }

    /** §3.10.7.1 CLOSED: a segment for no connection gets the RST of §3.5.2, unless it is one. */
    private void noConnection(Segment seg, long now) {
        counters.segmentsForNoConnection++;
        if (!seg.has(Segment.RST)) {
            reset(seg, now);
        }
    }

    private void reset(Segment in, long now) {
        Segment out = replyTo(in);
        if (in.has(Segment.ACK)) {
            out.seq = in.ack; // <SEQ=SEG.ACK><CTL=RST>
            out.flags = Segment.RST;
        } else {
            out.seq = 0; // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            out.ack = in.seq + in.segmentLength();
            out.flags = Segment.RST | Segment.ACK;
        }
        transmit(out, null, 0, 0);
    }

    /** The outgoing segment, emptied and addressed back to where {@code in} came from. */
    private Segment replyTo(Segment in) {
        Segment out = outgoing;
        out.clearBody();
        out.sourceAddress = localAddress;
        out.sourcePort = in.destinationPort;
        out.destinationAddress = in.sourceAddress;
        out.destinationPort = in.sourcePort;
        return out;
    }

    // ------------------------------------------------------------ for Connection and Listener

    BufferPool buffers() {
        return buffers;
    }

    IsnGenerator isn() {
        return isn;
    }

    Segment outgoing() {
        outgoing.sourceAddress = localAddress;
        return outgoing;
    }

    int packetsSent() {
        return (int) counters.packetsSent;
    }

    void transmit(Segment s, SendBuffer data, int dataOffset, int length) {
        int payloadAt = Codec.writeHeaders(s, packet, 0);
        if (length > 0) {
            data.copy(dataOffset, packet, payloadAt, length);
        }
        int total = Codec.seal(packet, 0, payloadAt + length);
        counters.packetsSent++;
        if ((s.flags & Segment.RST) != 0) {
            counters.resetsSent++;
        }
        sink.send(packet, 0, total);
    }

    void event(Event e) {
        events.add(e);
    }

    void reschedule(Connection c) {
        timers.update(c);
    }

    void established(Connection c) {
        queueForAccept(c, true);
    }

    /** A connection of a listener completed its handshake (from SYN-RECEIVED, or by a cookie). */
    private void queueForAccept(Connection c, boolean wasEmbryonic) {
        c.listener.established(c, wasEmbryonic);
        events.add(new Event(Event.Type.ACCEPTABLE, null, c.listener));
    }

    void deleted(Connection c, Event.Type why, boolean wasEmbryonic) {
        connections.remove(c.key);
        timers.remove(c);
        if (c.listener != null) {
            c.listener.forget(c, wasEmbryonic);
        }
        if (why != null) {
            events.add(new Event(why, c, null));
        }
    }

    /**
     * A listener closes: the connections it made that the application never accepted have nobody
     * left to use or close them, so they are aborted (found by fuzzing: they lived on for ever).
     */
    void stopListening(Listener l, long now) {
        listeners.remove(l.port());
        for (Connection c : connections.snapshot()) {
            if (c.listener == l && !c.owned) {
                c.abort(now);
            }
        }
    }

    private int ephemeralPort(int remoteAddress, int remotePort) {
        for (int i = 0; i < EPHEMERAL_COUNT; i++) {
            int port = EPHEMERAL_FIRST + (nextEphemeral++ & 0x7FFF_FFFF) % EPHEMERAL_COUNT;
            if (!listeners.containsKey(port)
                    && connections.get(ConnectionTable.key(port, remotePort, remoteAddress)) == null) {
                return port;
            }
        }
        throw new TcpException(TcpException.Reason.INSUFFICIENT_RESOURCES);
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be between 1 and 65535, not " + port);
        }
    }
}
