package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Resets and SYNs in synchronized states: RFC 9293 §3.5.3, §3.10.7.4 second and fourth steps. */
class ResetTest {

    @Test
    @DisplayName("§3.10.7.4: a RST at RCV.NXT resets an ESTABLISHED connection (MUST-12)")
    void established_rstAtRcvNxt_resets() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.rst().seq(PEER_ISS + 1));
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.RESET);
        s.expectNothing();
    }

    @Test
    @DisplayName("RFC 5961 §3.2: a RST in the window but not at RCV.NXT gets a challenge ACK")
    void established_rstInWindow_challengeAck() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.rst().seq(PEER_ISS + 100));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 1));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4 without RFC 5961: any RST in the window resets")
    void established_rstInWindowWithout5961_resets() {
        Script s = new Script(Script.simple().rfc5961(false));
        Connection c = s.connected();
        s.send(Seg.rst().seq(PEER_ISS + 100));
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.RESET);
    }

    @Test
    @DisplayName("§3.10.7.4: a RST outside the window is dropped silently")
    void established_rstOutOfWindow_isDropped() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.rst().seq(PEER_ISS - 5000));
        s.expectNothing();
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4: a RST in TIME-WAIT deletes the TCB")
    void timeWait_rst_closes() {
        Script s = new Script();
        Connection c = s.connected();
        c.shutdown(0);
        s.expect(Seg.finAck().seq(s.iss + 1));
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        assertEquals(TcpState.TIME_WAIT, c.state());
        s.send(Seg.rst().seq(PEER_ISS + 2));
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4 fourth step, RFC 5961 §4: a SYN in a synchronized state gets a challenge ACK")
    void established_syn_challengeAck() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.syn().seq(PEER_ISS + 10));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 1));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4 fourth step, RFC 793 rule: a SYN in the window resets the connection")
    void established_synWithout5961_resets() {
        Script s = new Script(Script.simple().rfc5961(false));
        Connection c = s.connected();
        s.send(Seg.syn().seq(PEER_ISS + 10));
        s.expect(Seg.rst());
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.RESET);
    }

    @Test
    @DisplayName("§3.5.1: half-open discovery: an ACK for data never sent is answered with an ACK, not accepted")
    void established_ackOfUnsentData_getsAck() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1000));
        s.expect(Seg.ack().seq(s.iss + 1).ack(PEER_ISS + 1));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.5.1: a peer that lost its state answers our data with a RST, which resets us")
    void halfOpen_peerResets() {
        Script s = new Script(Script.simple().rfc5961(false));
        Connection c = s.connected();
        c.send("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(5));
        s.send(Seg.rst().seq(PEER_ISS + 1)); // §3.5.2: the RST of a station with no connection
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.RESET);
    }

    @Test
    @DisplayName("§3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> and drops queued data")
    void abort_sendsResetAtSndNxt() {
        Script s = new Script();
        Connection c = s.connected();
        c.abort(0);
        s.expect(Seg.rst().seq(s.iss + 1));
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(0, c.unacknowledged());
        s.expectNoEvent();
    }

    @Test
    @DisplayName("§3.10.5: ABORT in SYN-SENT sends nothing")
    void abort_inSynSent_sendsNothing() {
        Script s = new Script();
        Connection c = s.connecting();
        c.abort(0);
        s.expectNothing();
        assertEquals(TcpState.CLOSED, c.state());
    }
}
