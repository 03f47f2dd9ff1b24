package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static tcpconform.stack.Script.PEER_ISS;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Closing: RFC 9293 §3.6, §3.10.4 and the eighth step of §3.10.7.4. */
class ClosingTest {

    private static final long TWO_MSL = 240_000;
    private final Script s = new Script();

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @DisplayName("§3.6 case 1: four-way close: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, and CLOSED after 2 MSL (MUST-13)")
    void activeClose_fourWay() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck().seq(s.iss + 1).ack(PEER_ISS + 1));
        assertEquals(TcpState.FIN_WAIT_1, c.state());
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 2));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.ack().seq(s.iss + 2).ack(PEER_ISS + 2));
        assertEquals(TcpState.TIME_WAIT, c.state());
        s.at(TWO_MSL - 1);
        assertEquals(TcpState.TIME_WAIT, c.state());
        s.at(TWO_MSL);
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    @DisplayName("§3.6: three-way close: a FIN,ACK that acknowledges our FIN goes from FIN-WAIT-1 to TIME-WAIT")
    void activeClose_finAckMerged() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck());
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.ack().ack(PEER_ISS + 2));
        assertEquals(TcpState.TIME_WAIT, c.state());
    }

    @Test
    @DisplayName("§3.6 case 2: passive close: CLOSE-WAIT, then CLOSE sends FIN: LAST-ACK, then CLOSED")
    void passiveClose() {
        Connection c = s.connected();
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 1));
        s.expect(Seg.ack().ack(PEER_ISS + 2));
        assertEquals(TcpState.CLOSE_WAIT, c.state());
        s.expectEvent(Event.Type.END_OF_STREAM);
        assertEquals(-1, c.receive(new byte[10], 0, 10, 0));
        c.close(0);
        s.expect(Seg.finAck().seq(s.iss + 1).ack(PEER_ISS + 2));
        assertEquals(TcpState.LAST_ACK, c.state());
        s.send(Seg.ack().seq(PEER_ISS + 2).ack(s.iss + 2));
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.CLOSED);
    }

    @Test
    @DisplayName("§3.6 case 3: simultaneous close goes through CLOSING to TIME-WAIT")
    void simultaneousClose() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck().seq(s.iss + 1));
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 1));
        s.expect(Seg.ack().seq(s.iss + 2).ack(PEER_ISS + 2));
        assertEquals(TcpState.CLOSING, c.state());
        s.send(Seg.ack().seq(PEER_ISS + 2).ack(s.iss + 2));
        assertEquals(TcpState.TIME_WAIT, c.state());
    }

    @Test
    @DisplayName("§3.10.7.4: a retransmitted FIN in TIME-WAIT is acknowledged again and restarts 2 MSL")
    void timeWait_retransmittedFin_reAckedAndTimerRestarted() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck());
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.ack());
        s.at(100_000);
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.ack().seq(s.iss + 2).ack(PEER_ISS + 2));
        s.at(TWO_MSL);
        assertEquals(TcpState.TIME_WAIT, c.state());
        s.at(100_000 + TWO_MSL);
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    @DisplayName("§3.6.1: after TIME-WAIT the same four-tuple can be used again")
    void afterTimeWait_tupleIsReusable() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck());
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.expect(Seg.ack());
        assertThrows(TcpException.class, () -> s.stack.connect(Script.PORT, Script.PEER, Script.PEER_PORT, Script.simple(), 0));
        s.at(TWO_MSL);
        Connection again = s.stack.connect(Script.PORT, Script.PEER, Script.PEER_PORT, Script.simple(), s.now);
        s.expect(Seg.syn());
        assertEquals(TcpState.SYN_SENT, again.state());
    }

    @Test
    @DisplayName("§3.6, MAY-1 off: after our FIN, data from the peer is still received and acknowledged")
    void halfClose_dataStillFlowsTowardsUs() {
        Connection c = s.connected();
        c.shutdown(0);
        s.expect(Seg.finAck());
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 2));
        s.send(Seg.pshAck().seq(PEER_ISS + 1).ack(s.iss + 2).data("late data"));
        s.expect(Seg.ack().ack(PEER_ISS + 10));
        byte[] into = new byte[20];
        assertEquals(9, c.receive(into, 0, 20, 0));
        assertEquals(TcpState.FIN_WAIT_2, c.state());
    }

    @Test
    @DisplayName("§3.6: in CLOSE-WAIT we can still send; reading returns end of stream")
    void halfClose_weStillSendAfterPeersFin() {
        Connection c = s.connected();
        s.send(Seg.finAck().seq(PEER_ISS + 1).ack(s.iss + 1));
        s.expect(Seg.ack());
        c.send(ascii("reply"), 0);
        s.expect(Seg.pshAck().seq(s.iss + 1).ack(PEER_ISS + 2).length(5));
    }

    @Test
    @DisplayName("§3.10.4: CLOSE sends the FIN after queued data, on the last data segment")
    void close_finFollowsQueuedData() {
        Connection c = s.connected();
        c.send(ascii("bye"), 0);
        s.expect(Seg.pshAck().length(3));
        c.close(0);
        s.expect(Seg.finAck().seq(s.iss + 4));
    }

    @Test
    @DisplayName("§3.10.2: SEND after CLOSE is refused with \"connection closing\"")
    void sendAfterClose_isRefused() {
        Connection c = s.connected();
        c.close(0);
        TcpException e = assertThrows(TcpException.class, () -> c.send(ascii("x"), 0));
        assertEquals(TcpException.Reason.CONNECTION_CLOSING, e.reason());
    }

    @Test
    @DisplayName("§3.6.1, SHLD-3: with half-duplex close, CLOSE with unread data sends a RST")
    void halfDuplexClose_unreadData_sendsReset() {
        Script h = new Script(Script.simple().halfDuplexClose(true));
        Connection c = h.connected();
        h.send(Seg.pshAck().seq(PEER_ISS + 1).ack(h.iss + 1).data("unread"));
        h.expect(Seg.ack());
        c.close(0);
        h.expect(Seg.rst().seq(h.iss + 1));
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    @DisplayName("§3.6.1, SHLD-3: with half-duplex close, data arriving after CLOSE is answered with a RST")
    void halfDuplexClose_dataAfterClose_sendsReset() {
        Script h = new Script(Script.simple().halfDuplexClose(true));
        Connection c = h.connected();
        c.close(0);
        h.expect(Seg.finAck());
        h.send(Seg.pshAck().seq(PEER_ISS + 1).ack(h.iss + 2).data("too late"));
        h.expect(Seg.rst().seq(h.iss + 2));
        assertEquals(TcpState.CLOSED, c.state());
    }

    @Test
    @DisplayName("§3.10.8: the FIN is retransmitted when not acknowledged")
    void fin_isRetransmitted() {
        Connection c = s.connected();
        c.close(0);
        s.expect(Seg.finAck().seq(s.iss + 1));
        s.at(1000);
        s.expect(Seg.finAck().seq(s.iss + 1));
        assertEquals(TcpState.FIN_WAIT_1, c.state());
    }
}
