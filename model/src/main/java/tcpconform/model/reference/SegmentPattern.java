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
 * @param ack      SEG.ACK, if pinned
 * @param optional whether the segment may be absent (a choice the RFC leaves open)
 * @param why      the RFC section that calls for the segment
 */
public record SegmentPattern(Emit kind, OptionalLong seq, OptionalLong ack, boolean optional, String why) {

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
                && (seq.isEmpty() || seq.getAsLong() == s.seq())
                && (ack.isEmpty() || (s.ack() && ack.getAsLong() == s.ackNo()));
    }

    /** E.g. {@code S. seq * ack 1001} or {@code .? seq 5 ack 7}. */
    public String describe() {
        return kind.label().substring(1) + (optional ? "?" : "")
                + " seq " + (seq.isPresent() ? seq.getAsLong() : "*")
                + (ack.isPresent() ? " ack " + ack.getAsLong() : "");
    }

    @Override
    public String toString() {
        return describe();
    }
}
