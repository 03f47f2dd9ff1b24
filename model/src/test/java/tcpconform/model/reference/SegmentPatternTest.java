package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import tcpconform.model.Emit;

/** A pattern pins what the RFC fixes and leaves the rest free. */
class SegmentPatternTest {

    private static SegmentPattern pattern(Emit kind, Long seq, Long ack) {
        return new SegmentPattern(kind, seq == null ? OptionalLong.empty() : OptionalLong.of(seq),
                ack == null ? OptionalLong.empty() : OptionalLong.of(ack), false, "test");
    }

    private static ConcreteSegment segment(String flags, long seq, long ack, int length) {
        return new ConcreteSegment(flags.contains("S"), flags.contains("."), flags.contains("F"), flags.contains("R"),
                seq, ack, 1000, length);
    }

    @Test
    void aSynAckWithAFreeIsnMatchesAnyIsnButOnlyThePinnedAck() {
        SegmentPattern synAck = pattern(Emit.SYN_ACK, null, 5001L);
        assertTrue(synAck.matches(segment("S.", 123456, 5001, 0)));
        assertFalse(synAck.matches(segment("S.", 123456, 5002, 0)));
    }

    @Test
    void anAckPatternRejectsOtherFlagsAndData() {
        SegmentPattern ack = pattern(Emit.ACK, 10L, 20L);
        assertTrue(ack.matches(segment(".", 10, 20, 0)));
        assertFalse(ack.matches(segment(".", 10, 20, 5)));
        assertFalse(ack.matches(segment("F.", 10, 20, 0)));
        assertFalse(ack.matches(segment(".", 11, 20, 0)));
    }

    @Test
    void aResetForAClosedPortPinsItsAcknowledgment() {
        // §3.10.7.1, ACK bit off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        SegmentPattern rstAck = pattern(Emit.RST_ACK, 0L, 101L);
        assertTrue(rstAck.matches(segment("R.", 0, 101, 0)));
        assertFalse(rstAck.matches(segment("R", 0, 0, 0)));
    }

    @Test
    void aFinPinnedWhereItLiesIsMetByAPureFinThereOrByDataThatEndsThere() {
        // §3.10.4: data queued before CLOSE goes first; the FIN may share its segment.
        SegmentPattern fin = pattern(Emit.FIN, 110L, 20L);
        assertTrue(fin.matches(segment("F.", 110, 20, 0)));
        assertTrue(fin.matches(segment("F.", 100, 20, 10)));
        assertFalse(fin.matches(segment("F.", 100, 20, 5)));
        assertFalse(fin.matches(segment(".", 100, 20, 10)));
    }
}
