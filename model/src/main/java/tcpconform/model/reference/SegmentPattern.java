package tcpconform.model.reference;

import java.util.OptionalLong;

import tcpconform.model.Emit;

/**
 * A segment the reference predicts, as a pattern: what the RFC fixes is pinned (the control
 * bits, and SEG.SEQ or SEG.ACK where the RFC gives their value), what it leaves open is free (the
 * ISN, the window, the amount of data in one segment, options).
 *
 * @param kind     the control bits and whether data is carried
 * @param seq      SEG.SEQ, if pinned
 * @param ack      SEG.ACK, if pinned: the lowest value allowed
 * @param ackSpan  how far above {@code ack} SEG.ACK may be: a segment formed while an arriving
 *                 segment is processed may carry RCV.NXT as it is then or as it is once all of it
 *                 is processed (MUST-59)
 * @param optional whether the segment may be absent (a choice the RFC leaves open)
 * @param why      the RFC section that calls for the segment
 */
public record SegmentPattern(Emit kind, OptionalLong seq, OptionalLong ack, long ackSpan, boolean optional, String why) {

    public SegmentPattern {
        if (ackSpan < 0 || (ackSpan > 0 && ack.isEmpty())) {
            throw new IllegalArgumentException("an ACK span needs a pinned ACK: " + ackSpan);
        }
    }

    /** A pattern whose SEG.ACK, if pinned, has exactly one value. */
    public SegmentPattern(Emit kind, OptionalLong seq, OptionalLong ack, boolean optional, String why) {
        this(kind, seq, ack, 0, optional, why);
    }

    /** Whether an observed segment matches the pinned fields. */
    public boolean matches(ConcreteSegment s) {
        boolean flags = switch (kind) {
            case SYN -> s.syn() && !s.ack() && !s.fin() && !s.rst();
            case SYN_ACK -> s.syn() && s.ack() && !s.fin() && !s.rst();
            case ACK -> s.ack() && !s.syn() && !s.fin() && !s.rst() && s.length() == 0;
            case DATA -> s.ack() && !s.syn() && !s.fin() && !s.rst() && s.length() > 0;
            case FIN -> s.fin() && s.ack() && !s.syn() && !s.rst();
            case RST -> s.rst() && !s.syn() && !s.fin();
            case RST_ACK -> s.rst() && s.ack() && !s.syn() && !s.fin();
        };
        return flags
                && (seq.isEmpty() || seq.getAsLong() == s.seq() || finAfterItsData(s))
                && (ack.isEmpty() || (s.ack() && Seq.distance(ack.getAsLong(), s.ackNo()) <= ackSpan));
    }

    /**
     * A FIN pattern pinned where the FIN itself lies is also met by a segment whose data ends
     * there: the data queued before a CLOSE may share the FIN's segment or go before it (§3.10.4).
     */
    private boolean finAfterItsData(ConcreteSegment s) {
        return kind == Emit.FIN && s.length() > 0 && Seq.add(s.seq(), s.length()) == seq.getAsLong();
    }

    /** E.g. {@code S. seq * ack 1001} or {@code .? seq 5 ack 7}. */
    public String describe() {
        return kind.label().substring(1) + (optional ? "?" : "")
                + " seq " + (seq.isPresent() ? seq.getAsLong() : "*")
                + (ack.isPresent() ? " ack " + ack.getAsLong() + (ackSpan > 0 ? ".." + Seq.add(ack.getAsLong(), ackSpan) : "") : "");
    }

    @Override
    public String toString() {
        return describe();
    }
}
