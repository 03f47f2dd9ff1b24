package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;

class AdoptIssTest {

    @Test
    @DisplayName("§3.4.1: the ISS a tester observes in the SYN replaces the reference's placeholder")
    void theObservedIssReplacesThePlaceholderAfterTheSyn() {
        Reference ref = Reference.baseline();
        ref.apply(Call.CONNECT);
        ref.adoptIss(0xFFFF_FFFFL);
        Tcb tcb = ref.tcb();
        assertEquals(0xFFFF_FFFFL, tcb.iss());
        assertEquals(0xFFFF_FFFFL, tcb.sndUna());
        assertEquals(0L, tcb.sndNxt(), "SND.NXT wraps around past 2^32 - 1");
    }

    @Test
    @DisplayName("§3.4.1: the ISS a tester observes in the SYN,ACK replaces the reference's placeholder")
    void theObservedIssReplacesThePlaceholderAfterTheSynAck() {
        Reference ref = Reference.baseline();
        ref.apply(Call.LISTEN);
        ref.apply(SegmentInput.of(Kind.SYN, SeqClass.ANY, AckClass.NONE, false));
        ref.adoptIss(42);
        assertEquals(43, ref.tcb().sndNxt());
    }

    @Test
    @DisplayName("§3.4.1: once data or an ACK has moved SND.UNA on, the ISS can no longer change")
    void theIssCannotChangeOnceTheHandshakeIsOver() {
        Reference ref = Reference.baseline();
        ref.apply(Call.LISTEN);
        ref.apply(SegmentInput.of(Kind.SYN, SeqClass.ANY, AckClass.NONE, false));
        ref.apply(SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, false));
        assertThrows(IllegalStateException.class, () -> ref.adoptIss(42));
    }
}
