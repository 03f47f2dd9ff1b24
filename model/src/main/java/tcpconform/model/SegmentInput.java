package tcpconform.model;

import java.util.Objects;

/**
 * A segment injected from the peer, abstracted the way RFC 9293 §3.10.7 distinguishes segments:
 * by its control bits, by how its sequence number relates to the receiver's RCV.NXT and RCV.WND,
 * by how its acknowledgment number relates to SND.UNA and SND.NXT, by whether it carries data, and
 * by whether it closes the sender's window.
 *
 * @param kind    the control bits
 * @param seq     where SEG.SEQ lies in the receiver's receive sequence space
 * @param ack     where SEG.ACK lies in the receiver's send sequence space ({@link AckClass#NONE}
 *                when the ACK bit is off)
 * @param payload whether the segment carries data
 * @param window  whether the segment advertises an open or a zero window
 */
public record SegmentInput(Kind kind, SeqClass seq, AckClass ack, boolean payload, Window window)
        implements Input {

    public SegmentInput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(seq, "seq");
        Objects.requireNonNull(ack, "ack");
        Objects.requireNonNull(window, "window");
        if (kind.hasAck() == (ack == AckClass.NONE)) {
            throw new IllegalArgumentException(kind + " with ack " + ack);
        }
        if (payload && !kind.mayCarryData()) {
            throw new IllegalArgumentException(kind + " carries no data in this alphabet");
        }
    }

    // Written out rather than generated: the first call of a record's generated equals or
    // hashCode spins dozens of method-handle classes, a cost every short command (check) pays.
    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentInput s && s.kind == kind && s.seq == seq && s.ack == ack && s.payload == payload
                && s.window == window;
    }

    @Override
    public int hashCode() {
        return (((kind.ordinal() * 8 + seq.ordinal()) * 8 + ack.ordinal()) * 2 + (payload ? 1 : 0)) * 2 + window.ordinal();
    }

    /** A segment that advertises an open window. */
    public static SegmentInput of(Kind kind, SeqClass seq, AckClass ack, boolean payload) {
        return new SegmentInput(kind, seq, ack, payload, Window.OPEN);
    }

    /** The number of sequence numbers the segment occupies besides its data (SYN and FIN each take one, §3.4). */
    public int controlLength() {
        return (kind.syn() ? 1 : 0) + (kind.fin() ? 1 : 0);
    }

    @Override
    public String label() {
        StringBuilder s = new StringBuilder("<").append(kind.tcpdump());
        s.append(" seq:").append(seq.label());
        if (ack != AckClass.NONE) {
            s.append(" ack:").append(ack.label());
        }
        if (payload) {
            s.append(" +data");
        }
        if (window == Window.ZERO) {
            s.append(" win:0");
        }
        return s.append('>').toString();
    }

    @Override
    public String toString() {
        return label();
    }

    /** The control-bit combinations that §3.10.7 treats differently. */
    public enum Kind {
        SYN("S", true, false, false, false),
        SYN_ACK("S.", true, true, false, false),
        ACK(".", false, true, false, false),
        FIN_ACK("F.", false, true, true, false),
        RST("R", false, false, false, true),
        RST_ACK("R.", false, true, false, true),
        /** FIN without ACK: dropped at the fifth step of §3.10.7.4. */
        FIN("F", false, false, true, false),
        /** No control bits at all: dropped at the fifth step of §3.10.7.4. */
        BARE("none", false, false, false, false);

        private final String tcpdump;
        private final boolean syn;
        private final boolean ack;
        private final boolean fin;
        private final boolean rst;

        Kind(String tcpdump, boolean syn, boolean ack, boolean fin, boolean rst) {
            this.tcpdump = tcpdump;
            this.syn = syn;
            this.ack = ack;
            this.fin = fin;
            this.rst = rst;
        }

        /**
         * The kind §3.10.7 processes a segment with these control bits as: a RST first, then a
         * SYN, then a FIN, each with or without ACK.
         */
        public static Kind of(boolean syn, boolean ack, boolean fin, boolean rst) {
            if (rst) {
                return ack ? RST_ACK : RST;
            }
            if (syn) {
                return ack ? SYN_ACK : SYN;
            }
            if (fin) {
                return ack ? FIN_ACK : FIN;
            }
            return ack ? ACK : BARE;
        }

        /** The flags as tcpdump prints them ({@code S.} for SYN+ACK). */
        public String tcpdump() {
            return tcpdump;
        }

        public boolean syn() {
            return syn;
        }

        public boolean hasAck() {
            return ack;
        }

        public boolean fin() {
            return fin;
        }

        public boolean rst() {
            return rst;
        }

        /** SYNs and RSTs are injected without data in this alphabet. */
        public boolean mayCarryData() {
            return !syn && !rst;
        }
    }

    /** Where SEG.SEQ lies relative to RCV.NXT and RCV.WND (§3.3.1, §3.4, Table 6 of §3.10.7.4). */
    public enum SeqClass {
        /** The receiver has no receive sequence space yet (CLOSED, LISTEN, SYN-SENT): any value. */
        ANY("any"),
        /** SEG.SEQ = RCV.NXT, or an overlap trimmed to start there: the next expected segment. */
        EXACT("exact"),
        /** RCV.NXT &lt; SEG.SEQ &lt; RCV.NXT+RCV.WND: acceptable, but out of order. */
        IN_WINDOW("in-window"),
        /** The segment lies wholly before RCV.NXT: an old duplicate. */
        OLD("old"),
        /** SEG.SEQ at or beyond RCV.NXT+RCV.WND: beyond the window. */
        BEYOND("beyond");

        private final String label;

        SeqClass(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Where SEG.ACK lies relative to SND.UNA and SND.NXT (§3.3.1, §3.10.7.3, §3.10.7.4 fifth step). */
    public enum AckClass {
        /** The ACK bit is off. */
        NONE("none"),
        /** The receiver has no send sequence space to compare with (CLOSED, LISTEN): any value. */
        ANY("any"),
        /** SEG.ACK = SND.NXT: everything sent is acknowledged. */
        EXACT("exact"),
        /** SND.UNA &lt; SEG.ACK &lt; SND.NXT: acknowledges some, not all, of what is outstanding. */
        PARTIAL("partial"),
        /** SEG.ACK =&lt; SND.UNA (and not SND.NXT): a duplicate or older acknowledgment. */
        OLD("old"),
        /** SEG.ACK &gt; SND.NXT: acknowledges something not yet sent. */
        UNSENT("unsent");

        private final String label;

        AckClass(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The window the segment advertises. */
    public enum Window {
        OPEN,
        /** SEG.WND = 0: the sender must stop and probe (§3.8.6.1). */
        ZERO
    }
}
