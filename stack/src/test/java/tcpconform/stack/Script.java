package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tcpconform.stack.wire.Addresses;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/**
 * Scripts a peer against one stack, in three beats: the test sends segments as the peer, the
 * stack answers, the test expects segments and events. Time is virtual and moves only through
 * {@link #at}. Options that complicate segments (timestamps, SACK, window scale, delayed ACK)
 * are off unless a test turns them on.
 */
final class Script {

    static final int US = Addresses.parse("10.0.0.1");
    static final int PEER = Addresses.parse("10.0.0.2");
    static final int PORT = 80;
    static final int PEER_PORT = 40000;
    static final int PEER_ISS = 1_000_000;

    final TcpStack stack;
    private final ArrayDeque<Segment> sent = new ArrayDeque<>();
    private final byte[] packet = new byte[Codec.MAX_PACKET];
    long now;
    /** Our ISS, learnt from the stack's SYN or SYN,ACK. */
    int iss;
    /** The SYN of the last active open. */
    Segment syn;

    Script() {
        this(simple());
    }

    Script(ConnectionOptions options) {
        this.options = options;
        stack = new TcpStack(US, new IsnGenerator(1, 2), options, (p, off, len) -> {
            Segment s = new Segment();
            byte[] copy = Arrays.copyOfRange(p, off, off + len);
            assertEquals(Codec.Result.OK, Codec.decode(copy, 0, len, s), "the stack sent a malformed packet");
            sent.add(s);
        });
    }

    /** Options that keep segments plain: no timestamps, SACK, window scale, or delayed ACK. */
    static ConnectionOptions simple() {
        return new ConnectionOptions().timestamps(false).sack(false).windowScale(false).delayedAck(0);
    }

    /** The peer sends {@code seg} to the stack's {@link #PORT}. */
    void send(Seg seg) {
        send(seg, PEER_PORT);
    }

    void send(Seg seg, int fromPort) {
        Segment s = new Segment();
        seg.fill(s);
        s.sourceAddress = PEER;
        s.destinationAddress = US;
        s.sourcePort = fromPort;
        s.destinationPort = PORT;
        int len = Codec.encode(s, packet, 0);
        stack.receive(packet, 0, len, now);
    }

    /** Feeds raw bytes as a packet. */
    void sendRaw(byte[] p) {
        stack.receive(p, 0, p.length, now);
    }

    /** The next segment the stack sent must match {@code template}; returns it. */
    Segment expect(Seg template) {
        Segment s = sent.poll();
        assertNotNull(s, "expected " + template + " but the stack sent nothing");
        String why = template.mismatch(s);
        if (why != null) {
            fail("expected " + template + " but got " + s + " (" + why + " differs)");
        }
        return s;
    }

    void expectNothing() {
        Segment s = sent.poll();
        assertNull(s, () -> "expected nothing, but the stack sent " + s);
    }

    /** Everything the stack sent since the last expectation, in order. */
    List<Segment> drain() {
        List<Segment> all = new ArrayList<>(sent);
        sent.clear();
        return all;
    }

    /** Moves the clock to {@code time} and fires the timers due. */
    void at(long time) {
        now = time;
        stack.advance(time);
    }

    /** The next event must be of {@code type}. */
    Event expectEvent(Event.Type type) {
        Event e = stack.poll();
        assertNotNull(e, "expected event " + type + " but there was none");
        assertEquals(type, e.type(), "event");
        return e;
    }

    void expectNoEvent() {
        Event e = stack.poll();
        assertNull(e, () -> "expected no event, got " + e);
    }

    /** Drops the events queued so far. */
    void clearEvents() {
        while (stack.poll() != null) {
            // discard
        }
    }

    /** Active open towards the peer, answered by a SYN,ACK with MSS 1460 and ACKed: ESTABLISHED. */
    Connection connected() {
        Connection c = connecting();
        answerSyn(Seg.synAck().mss(1460));
        return c;
    }

    /** Active open: the stack's SYN was sent; SYN-SENT. */
    Connection connecting() {
        Connection c = stack.connect(PORT, PEER, PEER_PORT, options, now);
        syn = expect(Seg.syn());
        iss = syn.seq;
        return c;
    }

    /** The peer answers our SYN with {@code synAck} (its numbers filled in); we ACK: ESTABLISHED. */
    void answerSyn(Seg synAck) {
        send(synAck.seq(PEER_ISS).ack(iss + 1));
        expect(Seg.ack().seq(iss + 1).ack(PEER_ISS + 1));
        clearEvents();
    }

    /** A listener that took the peer's SYN and answered: SYN-RECEIVED, not yet accepted. */
    Listener synReceived() {
        Listener l = stack.listen(PORT, 8);
        send(Seg.syn().seq(PEER_ISS).mss(1460));
        iss = expect(Seg.synAck().ack(PEER_ISS + 1)).seq;
        return l;
    }

    /** Passive open completed, the connection waiting in the accept queue: ESTABLISHED, not yet accepted. */
    Listener handshakeDone() {
        Listener l = synReceived();
        send(Seg.ack().seq(PEER_ISS + 1).ack(iss + 1));
        expectEvent(Event.Type.ACCEPTABLE);
        return l;
    }

    /** Passive open completed and accepted: ESTABLISHED. */
    Connection accepted() {
        return handshakeDone().accept();
    }

    private final ConnectionOptions options;
}
