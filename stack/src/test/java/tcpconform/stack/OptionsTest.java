package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/** TCP options: RFC 9293 §3.1, §3.2, §3.7.1; RFC 7323 (window scale, timestamps); RFC 2018 (SACK). */
class OptionsTest {

    private static ConnectionOptions all() {
        return Script.simple().timestamps(true).sack(true).windowScale(true);
    }

    @Test
    @DisplayName("our SYN offers MSS, SACK-permitted, timestamps and window scale when enabled")
    void syn_offersEveryEnabledOption() {
        Script s = new Script(all());
        s.connecting();
        assertEquals(1460, s.syn.mss);
        assertEquals(1, s.syn.windowScale);
        assertTrue(s.syn.sackPermitted);
        assertTrue(s.syn.timestamps);
        assertEquals(0, s.syn.tsEcr);
    }

    @Test
    @DisplayName("§3.2, MUST-65: the MSS option is sent only in SYN segments")
    void mss_onlyOnSyn() {
        Script s = new Script(all());
        Connection c = s.connected();
        c.send(new byte[10], 0);
        Segment data = s.expect(Seg.pshAck().length(10));
        assertEquals(Segment.ABSENT, data.mss);
    }

    @Test
    @DisplayName("RFC 7323 §2.2: window scaling applies only when both SYNs carry the option")
    void windowScale_onlyWhenBothOffer() {
        Script s = new Script(all().receiveBuffer(1 << 20));
        s.connecting();
        assertEquals(5, s.syn.windowScale);
        s.send(Seg.synAck().seq(PEER_ISS).ack(s.iss + 1).mss(1460));
        Segment ack = s.expect(Seg.ack());
        assertEquals(65535, ack.window, "unscaled: the peer did not offer window scale");
    }

    @Test
    @DisplayName("RFC 7323 §2.3: the window we advertise after the handshake is scaled down by our shift")
    void windowScale_advertisedScaled() {
        Script s = new Script(all().timestamps(false).receiveBuffer(1 << 20));
        s.connecting();
        s.send(Seg.synAck().seq(PEER_ISS).ack(s.iss + 1).mss(1460).windowScale(2));
        assertEquals((1 << 20) >> 5, s.expect(Seg.ack()).window);
    }

    @Test
    @DisplayName("RFC 7323 §5: PAWS drops a segment whose timestamp is older than TS.Recent, with an ACK")
    void paws_dropsOldTimestamp() {
        Script s = new Script(all());
        Connection c = s.connecting();
        s.answerSyn(Seg.synAck().mss(1460).timestamps(5000, 1));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).timestamps(4000, 1).data("old"));
        Segment ack = s.expect(Seg.ack().ack(PEER_ISS + 1));
        assertEquals(5000, ack.tsEcr, "TS.Recent unchanged");
        assertEquals(0, c.available());
    }

    @Test
    @DisplayName("RFC 2018: a segment beyond a gap is reported in a SACK block")
    void sack_reportsOutOfOrderBlock() {
        Script s = new Script(all().timestamps(false));
        s.connecting();
        s.answerSyn(Seg.synAck().mss(1460).sackPermitted());
        s.send(Seg.ack().seq(PEER_ISS + 101).ack(s.iss + 1).data(new byte[50]));
        Segment ack = s.expect(Seg.ack().ack(PEER_ISS + 1));
        assertEquals(1, ack.sackBlocks);
        assertEquals(PEER_ISS + 101, ack.sackLeft[0]);
        assertEquals(PEER_ISS + 151, ack.sackRight[0]);
    }

    @Test
    @DisplayName("§3.1, MUST-6, MUST-50: an unknown option with a length is skipped")
    void unknownOption_isIgnored() {
        Script s = new Script();
        Connection c = s.connected();
        s.sendRaw(Packets.withOptions(s, new byte[] {(byte) 99, 4, 0, 0, 1, 1, 1, 1}, "data"));
        s.expect(Seg.ack().ack(PEER_ISS + 5));
        assertEquals(4, c.available());
    }

    @Test
    @DisplayName("§3.1, MUST-7: an illegal option length does no harm: the options stop, the segment is processed")
    void illegalOptionLength_isHarmless() {
        Script s = new Script();
        Connection c = s.connected();
        s.sendRaw(Packets.withOptions(s, new byte[] {2, 0, 5, (byte) 0xB4}, "data"));
        s.sendRaw(Packets.withOptions(s, new byte[] {1, 1, 8, 40}, ""));
        s.expect(Seg.ack().ack(PEER_ISS + 5));
        assertEquals(4, c.available());
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.2, MUST-64: options are read whatever their alignment")
    void unalignedOptions_areRead() {
        Segment s = new Segment();
        byte[] options = {1, 2, 4, 5, (byte) 0xB4, 3, 3, 7, 0, 0, 0, 0};
        byte[] p = Packets.raw(Script.PEER, Script.US, Segment.SYN, 1, 0, options, new byte[0]);
        assertEquals(Codec.Result.OK, Codec.decode(p, 0, p.length, s));
        assertEquals(1460, s.mss);
        assertEquals(7, s.windowScale);
    }
}
