package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static tcpconform.stack.Script.PEER_ISS;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keep-alives: RFC 9293 §3.8.4. */
class KeepAliveTest {

    private static final long TWO_HOURS = 7_200_000;

    @Test
    @DisplayName("§3.8.4, MUST-25, MUST-28: keep-alives are off by default, with an interval of at least two hours")
    void defaults() {
        ConnectionOptions o = new ConnectionOptions();
        assertFalse(o.keepAlive());
        assertEquals(TWO_HOURS, o.keepAliveIdle());
    }

    @Test
    @DisplayName("§3.8.4, MUST-25: an idle connection without keep-alives sends nothing")
    void off_idleConnectionStaysSilent() {
        Script s = new Script();
        s.connected();
        s.at(10 * TWO_HOURS);
        s.expectNothing();
    }

    @Test
    @DisplayName("§3.8.4, MUST-26, SHLD-12: after the idle time a probe <SEQ=SND.NXT-1> without data is sent")
    void on_probeAfterIdleTime() {
        Script s = new Script(Script.simple().keepAlive(true));
        s.connected();
        s.at(TWO_HOURS - 1);
        s.expectNothing();
        s.at(TWO_HOURS);
        s.expect(Seg.ack().seq(s.iss).ack(PEER_ISS + 1).length(0));
    }

    @Test
    @DisplayName("§3.8.4, MUST-27: the idle time is configurable, and an answer restarts it")
    void on_answerRestartsIdleTime() {
        Script s = new Script(Script.simple().keepAlive(true).keepAliveIdle(60_000));
        Connection c = s.connected();
        s.at(60_000);
        s.expect(Seg.ack().seq(s.iss));
        s.send(Seg.ack().seq(PEER_ISS + 1).ack(s.iss + 1));
        s.at(119_999);
        s.expectNothing();
        s.at(120_000);
        s.expect(Seg.ack().seq(s.iss));
        assertEquals(TcpState.ESTABLISHED, c.state());
    }

    @Test
    @DisplayName("§3.8.4, MUST-29: a connection is dropped only after several unanswered probes")
    void on_unansweredProbesTimeOut() {
        Script s = new Script(Script.simple().keepAlive(true).keepAliveIdle(60_000).keepAliveInterval(10_000)
                .keepAliveProbes(3));
        Connection c = s.connected();
        while (c.state() != TcpState.CLOSED) {
            s.at(s.stack.nextDeadline());
        }
        assertEquals(3, s.drain().size());
        assertEquals(90_000, s.now);
        s.expectEvent(Event.Type.TIMED_OUT);
    }
}
