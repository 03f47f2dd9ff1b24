package tcpconform.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.SegmentInput.Window;

/**
 * The abstract inputs that mean something in each state: every call, every timer, and every
 * class of segment that the state's variables let the receiver tell apart (§3.10.7).
 */
public final class Alphabet {

    private Alphabet() {
    }

    private static final Map<TcpState, List<Input>> INPUTS = new EnumMap<>(TcpState.class);
    private static final Map<TcpState, List<SegmentInput>> SEGMENTS = new EnumMap<>(TcpState.class);

    static {
        for (TcpState state : TcpState.values()) {
            List<SegmentInput> segments = build(state);
            SEGMENTS.put(state, segments);
            List<Input> inputs = new ArrayList<>(List.of(Call.values()));
            inputs.addAll(segments);
            inputs.addAll(List.of(Timeout.values()));
            INPUTS.put(state, List.copyOf(inputs));
        }
    }

    /** The inputs of a state, in a stable order: calls, segments, timeouts. */
    public static List<Input> of(TcpState state) {
        return INPUTS.get(state);
    }

    /** The segment classes of a state. */
    public static List<SegmentInput> segments(TcpState state) {
        return SEGMENTS.get(state);
    }

    private static List<SegmentInput> build(TcpState state) {
        List<SeqClass> seqs = state.hasReceiveSequenceSpace()
                ? List.of(SeqClass.EXACT, SeqClass.IN_WINDOW, SeqClass.OLD, SeqClass.BEYOND)
                : List.of(SeqClass.ANY);
        List<AckClass> acks = ackClasses(state);
        List<SegmentInput> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (SeqClass seq : seqs) {
                for (AckClass ack : kind.hasAck() ? acks : List.of(AckClass.NONE)) {
                    out.add(SegmentInput.of(kind, seq, ack, false));
                    if (kind.mayCarryData()) {
                        out.add(SegmentInput.of(kind, seq, ack, true));
                    }
                    if (kind == Kind.ACK && state.hasReceiveSequenceSpace()) {
                        out.add(new SegmentInput(kind, seq, ack, false, Window.ZERO));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<AckClass> ackClasses(TcpState state) {
        return switch (state) {
            case CLOSED, LISTEN -> List.of(AckClass.ANY);
            // Only the SYN (or SYN-ACK) is outstanding: one number, so no partial ACK exists.
            case SYN_SENT, SYN_RECEIVED -> List.of(AckClass.EXACT, AckClass.OLD, AckClass.UNSENT);
            // Everything we sent, FIN included, has been acknowledged: nothing is partial.
            case FIN_WAIT_2, TIME_WAIT -> List.of(AckClass.EXACT, AckClass.OLD, AckClass.UNSENT);
            default -> List.of(AckClass.EXACT, AckClass.PARTIAL, AckClass.OLD, AckClass.UNSENT);
        };
    }
}
