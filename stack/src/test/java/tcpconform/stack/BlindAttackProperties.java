package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import tcpconform.stack.wire.Segment;

/**
 * Blind attacks (RFC 5961; RFC 9293 §3.10.7.4 with MAY-12): a third party that knows the four-tuple
 * but not the sequence numbers injects RSTs, SYNs and data. None of it resets the connection or
 * gets into the stream: RSTs not exactly at RCV.NXT and every SYN get a challenge ACK, data outside
 * the window is dropped with an ACK, and the text the real peer sends before and after arrives
 * once, in order, intact.
 */
class BlindAttackProperties {

    private static final byte[] BEFORE = "before the attack ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER = "and after it".getBytes(StandardCharsets.US_ASCII);
    /** How far from RCV.NXT a blind guess lands at least: well outside any window the stack offers. */
    private static final int BLIND = 1 << 20;

    /** One spoofed segment: its flags, how far from RCV.NXT its sequence number lies, its ACK field. */
    record Attack(int flags, int offset, int ack, boolean data) {
    }

    @Property(tries = 300)
    void spoofedRstSynAndDataNeitherResetNorCorruptTheConnection(@ForAll("attacks") List<Attack> attacks) {
        Script s = new Script(new ConnectionOptions().delayedAck(0).rfc5961(true));
        Connection c = s.connected();
        s.send(Seg.ack().seq(Script.PEER_ISS + 1).ack(s.iss + 1).data(new String(BEFORE, StandardCharsets.US_ASCII)));
        int rcvNxt = Script.PEER_ISS + 1 + BEFORE.length;
        for (Attack a : attacks) {
            byte[] text = a.data() ? new byte[] {'X', 'X', 'X'} : new byte[0];
            s.sendRaw(Packets.raw(Script.PEER, Script.US, a.flags(), rcvNxt + a.offset(), a.ack(), new byte[0], text));
        }
        s.send(Seg.ack().seq(rcvNxt).ack(s.iss + 1).data(new String(AFTER, StandardCharsets.US_ASCII)));
        assertEquals(TcpState.ESTABLISHED, c.state(), "the connection survives");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] into = new byte[256];
        for (int n = c.receive(into, 0, into.length, s.now); n > 0; n = c.receive(into, 0, into.length, s.now)) {
            got.write(into, 0, n);
        }
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes(BEFORE);
        want.writeBytes(AFTER);
        assertArrayEquals(want.toByteArray(), got.toByteArray(), "the stream holds the peer's text, once, in order");
    }

    @Provide
    Arbitrary<List<Attack>> attacks() {
        Arbitrary<Integer> far = Arbitraries.oneOf(Arbitraries.integers().between(BLIND, Integer.MAX_VALUE),
                Arbitraries.integers().between(Integer.MIN_VALUE, -BLIND));
        Arbitrary<Integer> anyAck = Arbitraries.integers();
        // A RST anywhere but exactly at RCV.NXT (in the window or not); a SYN anywhere; data far off.
        Arbitrary<Attack> rst = Combinators.combine(Arbitraries.of(Segment.RST, Segment.RST | Segment.ACK),
                Arbitraries.integers().filter(o -> o != 0), anyAck).as((f, o, a) -> new Attack(f, o, a, false));
        Arbitrary<Attack> syn = Combinators.combine(Arbitraries.of(Segment.SYN, Segment.SYN | Segment.ACK),
                Arbitraries.integers(), anyAck).as((f, o, a) -> new Attack(f, o, a, false));
        Arbitrary<Attack> data = Combinators.combine(far, anyAck).as((o, a) -> new Attack(Segment.ACK | Segment.PSH, o, a, true));
        return Arbitraries.oneOf(rst, syn, data).list().ofMinSize(1).ofMaxSize(20);
    }
}
