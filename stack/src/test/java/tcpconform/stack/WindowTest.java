package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.wire.Segment;

/** Flow control: RFC 9293 §3.8.6. */
class WindowTest {

    @Test
    @DisplayName("§3.8.6: no more is sent than the peer's window allows")
    void send_respectsPeerWindow() {
        Script s = new Script(Script.simple().nagle(false));
        Connection c = s.connecting();
        s.answerSyn(Seg.synAck().mss(1460).window(1000));
        c.send(new byte[3000], 0);
        s.expect(Seg.ack().length(1000));
        s.expectNothing();
    }

    @Test
    @DisplayName("§3.8.6.1, MUST-36, SHLD-29: a zero window is probed, first after one RTO")
    void zeroWindow_probedAfterRto() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(0));
        c.send(new byte[100], 0);
        s.expectNothing();
        s.at(999);
        s.expectNothing();
        s.at(1000);
        s.expect(Seg.ack().seq(s.iss + 1).length(1));
    }

    @Test
    @DisplayName("§3.8.6.1, SHLD-30, MUST-37: probes back off exponentially and go on while the peer answers")
    void zeroWindow_probesBackOffAndNeverGiveUp() {
        Script s = new Script(Script.simple().userTimeout(10_000));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(0));
        c.send(new byte[100], 0);
        long previous = 0;
        long previousGap = 0;
        for (int probe = 0; probe < 8; probe++) {
            long t = s.stack.nextDeadline();
            s.at(t);
            s.expect(Seg.ack().seq(s.iss + 1).length(1));
            s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(0)); // still closed
            long gap = t - previous;
            if (probe > 0) {
                assertEquals(Math.min(previousGap * 2, 60_000), gap);
            }
            previous = t;
            previousGap = gap;
        }
        assertEquals(TcpState.ESTABLISHED, c.state(), "a window may stay closed indefinitely");
    }

    @Test
    @DisplayName("§3.8.6.1: when the window opens, the data flows")
    void zeroWindow_opens_dataFlows() {
        Script s = new Script();
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(0));
        c.send(new byte[100], 0);
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(5000));
        s.expect(Seg.pshAck().seq(s.iss + 1).length(100));
    }

    @Test
    @DisplayName("§3.8.6.2.2, MUST-39: the receiver does not reopen its window by less than min(buffer/2, MSS)")
    void receiverSws_windowOpensOnlyByEnough() {
        Script s = new Script(Script.simple().receiveBuffer(4000));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data(new byte[4000]));
        s.expect(Seg.ack().ack(PEER_ISS + 4001).window(0));
        c.receive(new byte[100], 0, 100, 0);
        s.expectNothing();
        c.receive(new byte[1400], 0, 1400, 0);
        s.expect(Seg.ack().ack(PEER_ISS + 4001).window(1500));
    }

    @Test
    @DisplayName("§3.8.6, SHLD-14: the right edge of the window never moves left")
    void receiveWindow_neverShrinks() {
        Script s = new Script(Script.simple().receiveBuffer(4000));
        s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data(new byte[1000]));
        Segment ack = s.expect(Seg.ack().ack(PEER_ISS + 1001));
        assertEquals(3000, ack.window, "right edge stays at 4001");
    }

    @Test
    @DisplayName("§3.8.6.2.1, MUST-38: the sender does not send a small segment into a small window")
    void senderSws_noTinySegmentsIntoASmallWindow() {
        Script s = new Script(Script.simple().nagle(false));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(10_000));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(100));
        c.send(new byte[3000], 0);
        s.expectNothing();
    }

    @Test
    @DisplayName("§3.10.7.4, MUST-66: with a zero receive window, an ACK carrying data still acknowledges our data")
    void zeroReceiveWindow_ackStillProcessed() {
        Script s = new Script(Script.simple().receiveBuffer(100));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).data(new byte[100]));
        s.expect(Seg.ack().window(0));
        c.send(new byte[10], 0);
        s.expect(Seg.pshAck().length(10));
        s.send(Seg.ack().seq(PEER_ISS + 101).ack(s.iss + 11).data(new byte[5]));
        assertEquals(0, c.unacknowledged(), "the ACK was processed");
        assertEquals(100, c.available(), "the data was not taken");
    }

    @Test
    @DisplayName("§3.8.6.1: probes that go unanswered for the user timeout close the connection")
    void zeroWindow_unansweredProbes_timeOut() {
        Script s = new Script(Script.simple().userTimeout(30_000));
        Connection c = s.connected();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1).window(0));
        c.send(new byte[100], 0);
        while (c.state() != TcpState.CLOSED && s.now < 10_000_000) {
            s.at(s.stack.nextDeadline());
        }
        assertEquals(TcpState.CLOSED, c.state());
        s.expectEvent(Event.Type.TIMED_OUT);
    }
}
