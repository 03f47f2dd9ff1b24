package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;

class HoldBackTest {

    @Test
    @DisplayName("§3.7.4: data sent while earlier data is unacknowledged is optional, since Nagle may hold it")
    void dataBehindUnacknowledgedDataIsOptional() {
        Reference ref = TestReferences.established();
        assertFalse(ref.apply(Call.SEND).segments().get(0).optional());
        assertTrue(ref.apply(Call.SEND).segments().get(0).optional());
    }

    @Test
    @DisplayName("§3.7.4: held data goes out, required, when the outstanding data is acknowledged")
    void heldDataGoesOutWhenTheOutstandingDataIsAcknowledged() {
        Reference ref = TestReferences.established();
        ref.apply(Call.SEND);
        long second = ref.tcb().sndNxt();
        ref.apply(Call.SEND);
        ref.holdBack(second);
        assertEquals(second, ref.tcb().sndNxt());
        Prediction p = ref.apply(SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, false));
        SegmentPatternAssert.single(p, Emit.DATA, second);
    }

    @Test
    @DisplayName("§3.7.4: only data sent behind unacknowledged data can have been held")
    void dataWithNothingOutstandingCannotBeHeldBack() {
        Reference ref = TestReferences.established();
        long first = ref.tcb().sndNxt();
        ref.apply(Call.SEND);
        assertThrows(IllegalStateException.class, () -> ref.holdBack(first));
    }


    /** Reads a prediction's one segment. */
    private static final class SegmentPatternAssert {
        static void single(Prediction p, Emit kind, long seq) {
            assertEquals(1, p.segments().size(), p.toString());
            SegmentPattern s = p.segments().get(0);
            assertEquals(kind, s.kind());
            assertEquals(seq, s.seq().getAsLong());
            assertFalse(s.optional(), "the held data is no longer optional");
        }
    }
}
