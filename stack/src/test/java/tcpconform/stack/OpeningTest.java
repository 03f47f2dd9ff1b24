package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Opening a connection: RFC 9293 §3.5, §3.10.1, §3.10.7.2 (LISTEN) and §3.10.7.3 (SYN-SENT). */
class OpeningTest {

    private final Script s = new Script();

    @Test
    @DisplayName("§3.10.1: an active OPEN sends a SYN with the MSS option and enters SYN-SENT (MUST-14)")
    void activeOpen_sendsSynWithMss() {
        Connection c = s.connecting();
        assertEquals(1460, s.syn.mss);
        assertEquals(0, s.syn.payloadLength);
        assertEquals(TcpState.SYN_SENT, c.state());
    }

    @Test
    @DisplayName("§3.10.7.3: a SYN,ACK acknowledging our SYN completes the handshake with an ACK")
    void synSent_synAck_establishes() {
        Connection c = s.connecting();
        s.send(Seg.synAck().seq(PEER_ISS).ack(s.iss + 1));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 1));
        assertEquals(TcpState.ESTABLISHED, c.state());
        s.expectEvent(Event.Type.CONNECTED);
    }

    @Test
    @DisplayName("§3.10.7.3: an ACK outside ISS < SEG.ACK =< SND.NXT in SYN-SENT gets <SEQ=SEG.ACK><CTL=RST>")
    void synSent_badAck_sendsReset() {
        Connection c = s.connecting();
        s.send(Seg.synAck().seq(PEER_ISS).ack(s.iss + 5));
        s.expect(Seg.rst().seq(s.iss + 5));
        assertEquals(TcpState.SYN_SENT, c.state());
    }

    @Test
    @DisplayName("§3.10.7.3: a RST with an acceptable ACK refuses the connection (MUST-12)")
    void synSent_rstWithAcceptableAck_refuses() {
        Connection c = s.connecting();
        s.send(Seg.rstAck().seq(0).ack(s.iss + 1));
        s.expectNothing();
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.REFUSED);
    }

    @Test
    @DisplayName("§3.10.7.3: a RST without ACK in SYN-SENT is dropped")
    void synSent_rstWithoutAck_isIgnored() {
        Connection c = s.connecting();
        s.send(Seg.rst().seq(PEER_ISS));
        s.expectNothing();
        assertEquals(TcpState.SYN_SENT, c.state());
    }

    @Test
    @DisplayName("§3.5, MUST-10: simultaneous open: a SYN in SYN-SENT gives SYN-RECEIVED and a SYN,ACK")
    void synSent_syn_simultaneousOpen() {
        Connection c = s.connecting();
        s.send(Seg.syn().seq(PEER_ISS));
        s.expect(Seg.synAck().seq(s.iss).ack(PEER_ISS + 1));
        assertEquals(TcpState.SYN_RECEIVED, c.state());
        // The peer's SYN,ACK repeats its SYN, now below RCV.NXT: the first step acknowledges it.
        s.send(Seg.synAck().seq(PEER_ISS).ack(s.iss + 1));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 1));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.8.1, MUST-22: the SYN is retransmitted with exponential backoff: 1, 2, 4, 8 s")
    void synSent_timeout_retransmitsWithBackoff() {
        s.connecting();
        long t = 0;
        for (long wait : new long[] {1000, 2000, 4000, 8000}) {
            s.at(t + wait - 1);
            s.expectNothing();
            t += wait;
            s.at(t);
            s.expect(Seg.syn().seq(s.iss));
        }
    }

    @Test
    @DisplayName("§3.8.3, MUST-23: connect fails with a timeout after the SYN retries, no sooner than 3 minutes")
    void synSent_retriesExhausted_timesOut() {
        Connection c = s.connecting();
        long t = 0;
        while (c.state() == TcpState.SYN_SENT && t < 1_000_000) {
            t = s.stack.nextDeadline();
            s.at(t);
        }
        assertEquals(TcpState.CLOSED, c.state());
        assertTrue(t >= 180_000, "gave up after " + t + " ms");
        assertEquals(183_000, t, "1 + 2 + 4 + ... + 32 s, then the RTO's 60 s ceiling twice");
        assertEquals(7, s.drain().size(), "seven retransmissions after the first SYN");
        s.expectEvent(Event.Type.TIMED_OUT);
    }

    @Test
    @DisplayName("§3.10.7.2: a SYN to a listener gets a SYN,ACK acknowledging it; SYN-RECEIVED")
    void listen_syn_answersSynAck() {
        s.synReceived();
        assertEquals(1, s.stack.connectionCount());
    }

    @Test
    @DisplayName("§3.10.7.2: an ACK to a listener gets <SEQ=SEG.ACK><CTL=RST>")
    void listen_ack_sendsReset() {
        s.stack.listen(Script.PORT, 8);
        s.send(Seg.ack().seq(7).ack(1234));
        s.expect(Seg.rst().seq(1234));
    }

    @Test
    @DisplayName("§3.10.7.2: a RST to a listener is ignored")
    void listen_rst_isIgnored() {
        s.stack.listen(Script.PORT, 8);
        s.send(Seg.rst().seq(7));
        s.expectNothing();
    }

    @Test
    @DisplayName("§3.10.7.4: the handshake's ACK makes the connection acceptable from the listener")
    void synReceived_ack_establishes() {
        Connection c = s.accepted();
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4: a RST in SYN-RECEIVED after a passive open returns to LISTEN")
    void synReceived_rst_returnsToListen() {
        Listener l = s.synReceived();
        s.send(Seg.rst().seq(PEER_ISS + 1));
        assertEquals(0, s.stack.connectionCount());
        assertEquals(TcpState.LISTEN, l.state());
        s.expectNoEvent();
        s.send(Seg.syn().seq(PEER_ISS + 50));
        s.expect(Seg.synAck().ack(PEER_ISS + 51));
    }

    @Test
    @DisplayName("§3.10.7.4: an unacceptable ACK in SYN-RECEIVED gets <SEQ=SEG.ACK><CTL=RST>")
    void synReceived_badAck_sendsReset() {
        s.synReceived();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 100));
        s.expect(Seg.rst().seq(s.iss + 100));
    }

    @Test
    @DisplayName("§3.10.8: the SYN,ACK is retransmitted, then the embryonic connection is dropped silently")
    void synReceived_timeout_retransmitsThenForgets() {
        Listener l = s.synReceived();
        s.at(1000);
        s.expect(Seg.synAck().seq(s.iss).ack(PEER_ISS + 1));
        while (s.stack.connectionCount() > 0) {
            s.at(s.stack.nextDeadline());
        }
        assertNull(l.accept());
        s.drain();
        s.expectNoEvent();
    }

    @Test
    @DisplayName("§3.10.4, §3.10.5: closing a listener aborts the connection still in its handshake")
    void listenerClose_abortsTheHandshake() {
        Listener l = s.synReceived();
        l.close(s.now);
        s.expect(Seg.rst().seq(s.iss + 1));
        assertEquals(0, s.stack.connectionCount());
    }

    @Test
    @DisplayName("§3.10.4, §3.10.5: closing a listener aborts the connection nobody accepted")
    void listenerClose_abortsWhatWasNotAccepted() {
        Listener l = s.handshakeDone();
        l.close(s.now);
        s.expect(Seg.rst().seq(s.iss + 1));
        assertEquals(0, s.stack.connectionCount());
    }

    @Test
    @DisplayName("§3.10.4: a connection the application accepted outlives its listener")
    void listenerClose_leavesAcceptedConnections() {
        Listener l = s.handshakeDone();
        Connection c = l.accept();
        l.close(s.now);
        s.expectNothing();
        assertEquals(TcpState.ESTABLISHED, c.state());
    }
}
