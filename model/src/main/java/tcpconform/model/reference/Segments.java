package tcpconform.model.reference;

import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.SegmentInput.Window;
import tcpconform.model.TcpState;

/**
 * Translation between abstract and concrete segments, relative to a receiver's TCB: {@link
 * #classify} abstracts a concrete segment the way §3.10.7 distinguishes segments; {@link
 * #concretize} picks numbers for an abstract one. The harness uses the same translation against
 * what it has observed of a target.
 */
public final class Segments {

    /** The window the tester advertises when the input says "open". */
    public static final int OPEN_WINDOW = 65535;

    private static final long HALF = 1L << 31;

    private Segments() {
    }

    /** How the receiver, with this TCB, sees the segment. */
    public static SegmentInput classify(Tcb tcb, ConcreteSegment s) {
        Kind kind = kindOf(s);
        SeqClass seq = tcb.state().hasReceiveSequenceSpace() ? seqClass(tcb, s) : SeqClass.ANY;
        AckClass ack = ackClass(tcb, s);
        // The alphabet tells a closed window apart only on a pure ACK (the window update that
        // stops the sender, §3.8.6.1); on other segments the window is not part of the class.
        Window window = s.window() == 0 && kind == Kind.ACK && s.length() == 0
                && tcb.state().hasReceiveSequenceSpace() ? Window.ZERO : Window.OPEN;
        return new SegmentInput(kind, seq, ack, s.length() > 0 && kind.mayCarryData(), window);
    }

    /**
     * Concrete numbers for an abstract segment: the tester plays the peer whose initial sequence
     * number is {@code peerIss}, and sends {@code dataLength} octets when the input carries data.
     */
    public static ConcreteSegment concretize(Tcb tcb, SegmentInput in, long peerIss, int dataLength) {
        int length = in.payload() ? dataLength : 0;
        long segLen = length + in.controlLength();
        long seq = switch (in.seq()) {
            case ANY -> peerIss;
            case EXACT -> tcb.rcvNxt();
            // Out of order but inside the window: one data segment is missing before it, as if it
            // had been lost, so that the next segment at RCV.NXT fills the gap (SHLD-31).
            case IN_WINDOW -> Seq.add(tcb.rcvNxt(), Math.max(1, Math.min(tcb.rcvWnd() - 1, dataLength)));
            // Wholly old: it ends exactly at RCV.NXT, as a retransmission of the last segment would.
            case OLD -> Seq.add(tcb.rcvNxt(), -Math.max(1, segLen));
            case BEYOND -> Seq.add(tcb.rcvNxt(), Math.max(tcb.rcvWnd(), 1));
        };
        long ack = switch (in.ack()) {
            case NONE -> 0;
            // No send sequence space to aim at: an arbitrary number.
            case ANY -> Seq.add(peerIss, 0x10000);
            case EXACT -> tcb.sndNxt();
            case PARTIAL -> Seq.add(tcb.sndUna(), 1);
            case OLD -> Seq.add(tcb.sndUna(), -1);
            case UNSENT -> Seq.add(tcb.sndNxt(), 1);
        };
        Kind k = in.kind();
        return new ConcreteSegment(k.syn(), k.hasAck(), k.fin(), k.rst(), seq, ack,
                in.window() == Window.ZERO ? 0 : OPEN_WINDOW, length);
    }

    static Kind kindOf(ConcreteSegment s) {
        return Kind.of(s.syn(), s.ack(), s.fin(), s.rst());
    }

    private static SeqClass seqClass(Tcb tcb, ConcreteSegment s) {
        long ahead = Seq.distance(tcb.rcvNxt(), s.seq());
        if (ahead == 0) {
            return SeqClass.EXACT;
        }
        if (ahead < HALF) {
            return ahead < tcb.rcvWnd() ? SeqClass.IN_WINDOW : SeqClass.BEYOND;
        }
        // It starts before RCV.NXT. If it reaches past RCV.NXT (and the window is open) it is
        // acceptable and trimmed to the idealised segment that starts at RCV.NXT (§3.10.7.4).
        long end = Seq.add(s.seq(), s.segLen());
        return Seq.gt(end, tcb.rcvNxt()) && tcb.rcvWnd() > 0 ? SeqClass.EXACT : SeqClass.OLD;
    }

    private static AckClass ackClass(Tcb tcb, ConcreteSegment s) {
        if (!s.ack()) {
            return AckClass.NONE;
        }
        TcpState state = tcb.state();
        if (state == TcpState.CLOSED || state == TcpState.LISTEN) {
            return AckClass.ANY;
        }
        long a = s.ackNo();
        if (a == tcb.sndNxt()) {
            return AckClass.EXACT;
        }
        long fromUna = Seq.distance(tcb.sndUna(), a);
        if (fromUna > 0 && fromUna < tcb.outstanding()) {
            return AckClass.PARTIAL;
        }
        long pastNxt = Seq.distance(tcb.sndNxt(), a);
        return pastNxt > 0 && pastNxt < HALF ? AckClass.UNSENT : AckClass.OLD;
    }
}
