package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;

/** §3.10.7.4 with SHLD-31: a FIN that arrives out of order takes effect when the gap before it fills. */
class HeldFinTest {

    private static final int GAP = 10;

    @Test
    @DisplayName("ESTABLISHED: text that fills the gap before a held FIN moves the connection to CLOSE-WAIT")
    void fillingTheGapInEstablishedDeliversTheHeldFin() {
        Reference ref = TestReferences.established();
        assertFillingTheGapGoesTo(ref, TcpState.CLOSE_WAIT);
    }

    @Test
    @DisplayName("FIN-WAIT-2: text that fills the gap before a held FIN moves the connection to TIME-WAIT")
    void fillingTheGapInFinWait2DeliversTheHeldFin() {
        Reference ref = TestReferences.established();
        ref.apply(Call.CLOSE);
        ref.apply(SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, false));
        assertEquals(TcpState.FIN_WAIT_2, ref.state());
        assertFillingTheGapGoesTo(ref, TcpState.TIME_WAIT);
    }

    @Test
    @DisplayName("FIN-WAIT-1: text that fills the gap before a held FIN, without acknowledging ours, moves to CLOSING")
    void fillingTheGapInFinWait1DeliversTheHeldFin() {
        Reference ref = TestReferences.established();
        ref.apply(Call.CLOSE);
        assertEquals(TcpState.FIN_WAIT_1, ref.state());
        assertFillingTheGapGoesTo(ref, TcpState.CLOSING);
    }

    @Test
    @DisplayName("ESTABLISHED: a later FIN at another sequence number does not move the FIN already held")
    void theFirstHeldFinFixesTheEndOfTheStream() {
        Reference ref = TestReferences.established();
        Tcb tcb = ref.tcb();
        long rcvNxt = tcb.rcvNxt();
        long ack = tcb.sndUna();
        ref.apply(new ConcreteSegment(false, true, true, false, Seq.add(rcvNxt, GAP), ack, 65535, GAP));
        ref.apply(new ConcreteSegment(false, true, true, false, Seq.add(rcvNxt, GAP), ack, 65535, 0));
        Prediction filled = ref.apply(new ConcreteSegment(false, true, false, false, rcvNxt, ack, 65535, GAP));
        assertEquals(TcpState.CLOSE_WAIT, filled.to());
        assertEquals(Seq.add(rcvNxt, 2 * GAP + 1), ref.tcb().rcvNxt(), "RCV.NXT covers both texts and the first FIN");
    }

    private static void assertFillingTheGapGoesTo(Reference ref, TcpState expected) {
        StateGraph graph = StateGraph.of(ref.profile());
        Tcb tcb = ref.tcb();
        long ack = tcb.sndUna();
        Prediction held = ref.apply(new ConcreteSegment(false, true, true, false,
                Seq.add(tcb.rcvNxt(), GAP), ack, 65535, 0));
        assertEquals(tcb.state(), held.to(), "the FIN waits for the gap");
        Prediction filled = ref.apply(new ConcreteSegment(false, true, false, false, tcb.rcvNxt(), ack, 65535, GAP));
        assertEquals(expected, filled.to());
        assertEquals(Seq.add(tcb.rcvNxt(), GAP + 1), ref.tcb().rcvNxt(), "RCV.NXT covers the text and the FIN");
        assertTrue(graph.edgeOf(filled).isPresent(), () -> "the graph has no edge for " + filled);
    }

}
