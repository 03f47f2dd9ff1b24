package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpconform.stack.Script.PEER_ISS;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.wire.Segment;

/** Data transfer: RFC 9293 §3.8.6.3 (ACKs), §3.7.4 (Nagle), §3.8.5 (urgent), §3.10.7.4 (text). */
class DataTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] read(Connection c, int max) {
        byte[] into = new byte[max];
        int n = c.receive(into, 0, max, 0);
        return Arrays.copyOf(into, Math.max(n, 0));
    }

    @Test
    @DisplayName("§3.10.7.4: in-order data is delivered and acknowledged; a READABLE event announces it")
    void inOrderData_deliveredAndAcked() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.pshAck().seq(PEER_ISS + 1).ack(s.iss + 1).data("hello"));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 6));
        s.expectEvent(Event.Type.READABLE);
        assertArrayEquals(ascii("hello"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4, SHLD-31: a segment beyond a gap is held, acknowledged at once, and delivered when the gap fills")
    void outOfOrder_heldUntilGapFills() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 6).ack(s.iss + 1).data("world"));
        s.expect(Seg.ack().ack(PEER_ISS + 1));
        assertEquals(0, c.available());
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("hello"));
        s.expect(Seg.ack().ack(PEER_ISS + 11));
        assertArrayEquals(ascii("helloworld"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4, eighth step: a FIN in order ends the stream; text held beyond it is not delivered")
    void finInOrder_endsTheStreamBeforeHeldText() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 6).ack(s.iss + 1).data("after"));
        s.expect(Seg.ack().ack(PEER_ISS + 1));
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 1).data("hello"));
        s.expect(Seg.ack().ack(PEER_ISS + 7));
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        assertArrayEquals(ascii("hello"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4, eighth step: a later FIN beyond the gap does not move the FIN already held")
    void heldFin_laterFinElsewhereChangesNothing() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.finAck().seq(PEER_ISS + 6).ack(s.iss + 1).data("world"));
        s.expect(Seg.ack().ack(PEER_ISS + 1));
        s.send(Seg.finAck().seq(PEER_ISS + 6).ack(s.iss + 1));
        s.expect(Seg.ack().ack(PEER_ISS + 1));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("hello"));
        s.expect(Seg.ack().ack(PEER_ISS + 12));
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        assertArrayEquals(ascii("helloworld"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4 first step: a duplicate segment is acknowledged and not delivered twice")
    void duplicate_isAckedNotRedelivered() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("once"));
        s.expect(Seg.ack().ack(PEER_ISS + 5));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("once"));
        s.expect(Seg.ack().ack(PEER_ISS + 5));
        assertArrayEquals(ascii("once"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4: a segment that overlaps old data delivers only its new part")
    void overlap_deliversOnlyNewOctets() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("abc"));
        s.send(Seg.ack().seq(PEER_ISS + 2).ack(s.iss + 1).data("bcdef"));
        assertArrayEquals(ascii("abcdef"), read(c, 100));
    }

    @Test
    @DisplayName("§3.10.7.4 first step: data beyond the window is not acceptable and gets an ACK")
    void beyondWindow_getsAck() {
        Script s = new Script(Script.simple().receiveBuffer(1000));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 5000).ack(s.iss + 1).data("far"));
        s.expect(Seg.ack().ack(PEER_ISS + 1).window(1000));
        assertEquals(0, c.available());
    }

    @Test
    @DisplayName("§3.7.1: data is cut into segments of the peer's MSS, the last one pushed (MUST-61)")
    void send_segmentsAtMssAndPushesTheLast() {
        Script s = new Script(Script.simple().nagle(false));
        Connection c = s.connecting();
        s.answerSyn(Seg.synAck().mss(1000));
        c.send(new byte[2500], 0);
        Segment first = s.expect(Seg.ack().seq(s.iss + 1).length(1000));
        assertEquals(0, first.flags & Segment.PSH);
        s.expect(Seg.ack().seq(s.iss + 1001).length(1000));
        Segment last = s.expect(Seg.pshAck().seq(s.iss + 2001).length(500));
        assertEquals(Segment.PSH, last.flags & Segment.PSH);
    }

    @Test
    @DisplayName("§3.7.1, MUST-15: without an MSS option the peer is sent segments of 536 octets")
    void noMssOption_uses536() {
        Script s = new Script(Script.simple().nagle(false));
        Connection c = s.connecting();
        s.answerSyn(Seg.synAck());
        c.send(new byte[600], 0);
        s.expect(Seg.ack().length(536));
        assertEquals(536, c.sendMss());
    }

    @Test
    @DisplayName("§3.8.6.3, MUST-40: a lone segment's ACK is delayed, by less than half a second")
    void delayedAck_underHalfASecond() {
        Script s = new Script(Script.simple().delayedAck(200));
        s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data("x"));
        s.expectNothing();
        s.at(199);
        s.expectNothing();
        s.at(200);
        s.expect(Seg.ack().ack(PEER_ISS + 2));
    }

    @Test
    @DisplayName("§3.8.6.3, SHLD-19: at least every second full-sized segment is acknowledged at once")
    void delayedAck_everySecondFullSegment() {
        Script s = new Script(Script.simple().delayedAck(200));
        s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data(new byte[1460]));
        s.expectNothing();
        s.send(Seg.ack().seq(PEER_ISS + 1461).ack(s.iss + 1).data(new byte[1460]));
        s.expect(Seg.ack().ack(PEER_ISS + 2921));
    }

    @Test
    @DisplayName("§3.7.4, SHLD-7: Nagle holds a small segment while data is unacknowledged")
    void nagle_holdsSmallSegmentUntilAck() {
        Script s = new Script();
        Connection c = s.connected();
        c.send(ascii("a"), 0);
        s.expect(Seg.pshAck().length(1));
        c.send(ascii("b"), 0);
        s.expectNothing();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.pshAck().seq(s.iss + 2).length(1));
    }

    @Test
    @DisplayName("§3.7.4, MUST-17: the application can turn Nagle off")
    void nagleOff_sendsSmallSegmentsAtOnce() {
        Script s = new Script(Script.simple().nagle(false));
        Connection c = s.connected();
        c.send(ascii("a"), 0);
        s.expect(Seg.pshAck().length(1));
        c.send(ascii("b"), 0);
        s.expect(Seg.pshAck().seq(s.iss + 2).length(1));
    }

    @Test
    @DisplayName("§3.8.5, MUST-30, MUST-62: urgent data is sent with URG and a pointer to the first non-urgent octet")
    void urgentSend_pointsPastTheUrgentData() {
        Script s = new Script();
        Connection c = s.connected();
        c.send(ascii("urgent"), 0, 6, true, 0);
        s.expect(Seg.pshAck().urgent(6).length(6));
    }

    @Test
    @DisplayName("§3.8.5, MUST-32, MUST-33: received urgent data is announced, and how much remains is known")
    void urgentReceive_announcedAndCounted() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).urgent(4).data("abcdefgh"));
        s.expect(Seg.ack().ack(PEER_ISS + 9));
        s.expectEvent(Event.Type.URGENT);
        assertEquals(4, c.urgentRemaining());
        read(c, 3);
        assertEquals(1, c.urgentRemaining());
        read(c, 5);
        assertEquals(0, c.urgentRemaining());
    }

    @Test
    @DisplayName("§3.8.5, MUST-31: an urgent sequence longer than one segment is kept across segments")
    void urgentReceive_arbitraryLength() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).urgent(3000).data(new byte[1000]));
        assertEquals(3000, c.urgentRemaining());
    }

    @Test
    @DisplayName("§3.10.7.4: an ACK of our data releases it from the send buffer")
    void ack_releasesSentData() {
        Script s = new Script();
        Connection c = s.connected();
        c.send(ascii("hello"), 0);
        s.expect(Seg.pshAck().length(5));
        assertEquals(5, c.unacknowledged());
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 6));
        assertEquals(0, c.unacknowledged());
    }
}
