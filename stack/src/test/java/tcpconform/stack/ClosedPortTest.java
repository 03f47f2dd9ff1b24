package tcpconform.stack;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A segment for no connection: RFC 9293 §3.5.2 and §3.10.7.1. */
class ClosedPortTest {

    private final Script s = new Script();

    @Test
    @DisplayName("§3.10.7.1: a SYN to a closed port gets <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>")
    void syn_getsRstAck() {
        s.send(Seg.syn().seq(100));
        s.expect(Seg.rstAck().seq(0).ack(101));
    }

    @Test
    @DisplayName("§3.10.7.1: data without ACK counts its length in the RST's acknowledgment")
    void dataWithoutAck_isCountedInTheAck() {
        s.send(Seg.flags(0).seq(100).data("hello"));
        s.expect(Seg.rstAck().seq(0).ack(105));
    }

    @Test
    @DisplayName("§3.10.7.1: a segment with ACK gets <SEQ=SEG.ACK><CTL=RST>")
    void ack_getsRstAtItsAck() {
        s.send(Seg.ack().seq(100).ack(777));
        s.expect(Seg.rst().seq(777));
    }

    @Test
    @DisplayName("§3.10.7.1: a RST is never answered with a RST")
    void rst_isDropped() {
        s.send(Seg.rst().seq(100));
        s.send(Seg.rstAck().seq(100).ack(5));
        s.expectNothing();
    }

    @Test
    @DisplayName("§3.10.7.1: a FIN counts one in the RST's acknowledgment")
    void fin_countsOne() {
        s.send(Seg.flags(tcpconform.stack.wire.Segment.FIN).seq(100));
        s.expect(Seg.rstAck().seq(0).ack(101));
    }
}
