package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retransmission: RFC 9293 §3.8.1–§3.8.3, RFC 6298, RFC 5681 §3.2. */
class RetransmissionTest {

    private static ConnectionOptions noNagle() {
        return Script.simple().nagle(false);
    }

    @Test
    @DisplayName("RFC 6298 §2.1, §5.5: data is retransmitted after the initial RTO of 1 s, then after 2 s")
    void rto_initialOneSecondThenDoubled() {
        Script s = new Script();
        Connection c = s.connected();
        c.send(new byte[10], 0);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(10));
        s.at(999);
        s.expectNothing();
        s.at(1000);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(10));
        s.at(2999);
        s.expectNothing();
        s.at(3000);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(10));
    }

    @Test
    @DisplayName("§3.8.1: a timeout retransmits only what was sent before; data Nagle held waits for the ACK")
    void rto_retransmitsOnlyWhatWasSent() {
        Script s = new Script();
        Connection c = s.connected();
        c.send(new byte[10], 0);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(10));
        c.send(new byte[20], 0);
        s.expectNothing();
        s.at(1000);
        s.expect(Seg.pshAck().seq(s.iss + 1).length(10));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 11));
        s.expect(Seg.pshAck().seq(s.iss + 11).length(20));
    }

    @Test
    @DisplayName("RFC 6298 §2.2: the first RTT sample sets RTO = SRTT + 4·RTTVAR, at least the minimum")
    void rto_followsMeasuredRtt() {
        Script s = new Script(Script.simple().minRto(100));
        Connection c = s.connected();
        c.send(new byte[10], 0);
        s.expect(Seg.pshAck());
        s.at(300);
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 11));
        assertEquals(300 + 4 * 150, c.retransmissionTimeout());
    }

    @Test
    @DisplayName("§3.8.1, MUST-18: Karn: an ACK after a retransmission gives no RTT sample")
    void karn_noSampleFromRetransmittedSegment() {
        Script s = new Script(Script.simple().minRto(100));
        Connection c = s.connected();
        c.send(new byte[10], 0);
        s.expect(Seg.pshAck());
        s.at(1000);
        s.expect(Seg.pshAck());
        s.at(1010);
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 11));
        assertEquals(2000, c.retransmissionTimeout(), "still the backed-off RTO, not a 1010 ms sample");
    }

    @Test
    @DisplayName("RFC 5681 §3.2: the third duplicate ACK triggers fast retransmit of the first unacknowledged segment")
    void threeDuplicateAcks_fastRetransmit() {
        Script s = new Script(noNagle());
        Connection c = s.connected();
        c.send(new byte[3 * 1460], 0);
        assertEquals(3, s.drain().size());
        for (int i = 0; i < 2; i++) {
            s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1));
            s.expectNothing();
        }
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1));
        s.expect(Seg.ack().seq(s.iss + 1).length(1460));
    }

    @Test
    @DisplayName("RFC 5681 §3.1: the initial window is 3 segments for an MSS of 1460, and slow start grows it")
    void slowStart_initialWindowThenGrowth() {
        Script s = new Script(noNagle());
        Connection c = s.connected();
        assertEquals(3 * 1460, c.congestionWindow());
        c.send(new byte[20 * 1460], 0);
        assertEquals(3, s.drain().size(), "IW segments");
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1 + 1460));
        assertEquals(4 * 1460, c.congestionWindow());
        assertEquals(2, s.drain().size(), "one acknowledged, two more allowed");
    }

    @Test
    @DisplayName("RFC 5681 §3.1: after a retransmission timeout cwnd is one segment")
    void timeout_collapsesCwnd() {
        Script s = new Script(noNagle());
        Connection c = s.connected();
        c.send(new byte[3 * 1460], 0);
        s.drain();
        s.at(1000);
        assertEquals(1460, c.congestionWindow());
        assertEquals(1, s.drain().size(), "only the first segment goes again");
    }

    @Test
    @DisplayName("§3.8.3, MUST-20: data unacknowledged for the user timeout closes the connection")
    void userTimeout_closesConnection() {
        Script s = new Script(Script.simple().userTimeout(100_000));
        Connection c = s.connected();
        c.send(new byte[10], 0);
        while (c.state() != TcpState.CLOSED && s.now < 1_000_000) {
            s.at(s.stack.nextDeadline());
        }
        assertEquals(TcpState.CLOSED, c.state());
        assertEquals(100_000, s.now);
        s.expectEvent(Event.Type.TIMED_OUT);
        assertTrue(s.drain().size() >= 3, "R1: several retransmissions before giving up");
    }

    @Test
    @DisplayName("RFC 6675: with SACK, recovery retransmits the hole below the SACKed data")
    void sackRecovery_retransmitsTheHole() {
        ConnectionOptions o = noNagle().sack(true);
        Script s = new Script(o);
        Connection c = s.connecting();
        s.answerSyn(Seg.synAck().mss(1000).sackPermitted());
        c.send(new byte[4000], 0);
        assertEquals(4, s.drain().size(), "the initial window for an MSS of 1000 is four segments");
        int una = s.iss + 1;
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(una + 1000)); // the second segment was lost
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(una + 1000).sack(una + 2000, una + 3000));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(una + 1000).sack(una + 2000, una + 4000));
        s.expectNothing();
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(una + 1000).sack(una + 2000, una + 4000));
        s.expect(Seg.ack().seq(una + 1000).length(1000));
        s.expectNothing();
    }
}
