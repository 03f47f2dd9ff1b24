package tcpconform.check;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.Output;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.SegmentInput.Window;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;

/**
 * The model's state graphs, arranged for watching a connection rather than driving it. An
 * endpoint's state is not known for sure from a capture: it is a set of (profile, state) pairs,
 * held as the bits of a {@code long} — one bit per state of each profile. A segment the endpoint
 * receives moves every pair along the graph's edges for that input; a segment it sends must be
 * an output of some edge (a user call or a timer the capture cannot see, or the response to a
 * segment it received), and keeps only the pairs that allow it.
 *
 * <p>Several profiles at once, because a capture does not say which of the RFC's choices a stack
 * made (RFC 5961 challenge ACKs or not, half-duplex close, keep-alives): a pair survives as long
 * as its profile explains everything so far.
 */
final class PassiveModel {

    private static final int STATES = TcpState.values().length;
    private static final TcpState[] STATE = TcpState.values();
    private static final Emit[] EMIT = Emit.values();

    private final List<Profile> profiles;
    /**
     * An edge for a segment input, with what the checks ask of it worked out once: the kinds of
     * segment it lets the receiver send (bits by {@link Emit} ordinal) and which of the
     * conditions the capture can judge it carries.
     */
    record Edge(Transition transition, TcpState to, int emits, int conditions) {
        static final int HELD_FIN = 1;
        static final int ACTIVE = 2;
        static final int PASSIVE = 4;
        static final int CLOSE_CALLED = 8;
        static final int FIN_SENT = 16;
        static final int FIN_WAITS = 32;

        static Edge of(Transition t) {
            int emits = 0;
            for (Output o : t.response().possible()) {
                if (o instanceof Emit e) {
                    emits |= 1 << e.ordinal();
                }
            }
            String c = t.condition();
            int flags = (c.contains("a FIN held out of order") ? HELD_FIN : 0)
                    | (c.equals("opened actively") ? ACTIVE : 0)
                    | (c.startsWith("opened passively") ? PASSIVE : 0)
                    | (c.contains("CLOSE was called") || c.startsWith("the application closed") ? CLOSE_CALLED : 0)
                    | (c.contains("our FIN was sent") ? FIN_SENT : 0)
                    | (c.contains("our FIN waits behind data") ? FIN_WAITS : 0);
            return new Edge(t, t.to(), emits, flags);
        }
    }

    /** [profile][state]: the edges for each segment input. */
    private final List<List<Map<SegmentInput, Edge[]>>> receive = new ArrayList<>();
    /** [emit][bit of a (profile, state)]: where a call or timer that sends this kind of segment leads. */
    private final long[][] emitTargets = new long[EMIT.length][64];
    /** [emit]: one call or timer edge that sends this kind, to cite when nothing allows it. */
    private final Transition[] sender = new Transition[EMIT.length];
    private final long all;
    private final long closedBits;
    /** The states with a receive sequence space, where a bare ACK may always go out. */
    private final long receiveSpaceBits;
    /**
     * [bit of a (profile, state)]: where calls and timers that send nothing may lead, one after
     * another (abort, user timeout, 2 MSL, listen).
     */
    private final long[] silentClosure = new long[64];

    PassiveModel(List<Profile> profiles) {
        this(profiles, MOVES);
    }

    /** With room to remember {@code remembered} moves (a power of two). */
    PassiveModel(List<Profile> profiles, int remembered) {
        if (Integer.bitCount(remembered) != 1) {
            throw new IllegalArgumentException("a power of two: " + remembered);
        }
        this.moveStrict = new long[remembered];
        this.moveLenient = new long[remembered];
        this.moveArrival = new int[remembered];
        this.moves = new Move[remembered];
        if (profiles.isEmpty() || profiles.size() * STATES > 64) {
            throw new IllegalArgumentException("between 1 and " + 64 / STATES + " profiles: " + profiles.size());
        }
        this.profiles = List.copyOf(profiles);
        long[] silent = new long[64];
        long every = 0;
        for (int p = 0; p < profiles.size(); p++) {
            StateGraph g = StateGraph.of(profiles.get(p));
            List<Map<SegmentInput, Edge[]>> byState = new ArrayList<>();
            for (int s = 0; s < STATES; s++) {
                byState.add(new HashMap<>());
                every |= bit(p, STATE[s]);
            }
            Map<TcpState, Map<SegmentInput, List<Transition>>> grouped = new HashMap<>();
            for (Transition t : g.transitions()) {
                if (t.input() instanceof SegmentInput in) {
                    grouped.computeIfAbsent(t.from(), k -> new HashMap<>()).computeIfAbsent(in, k -> new ArrayList<>()).add(t);
                } else if (t.input() instanceof Call || t.input() instanceof Timeout) {
                    boolean sendsNothing = t.response().required().stream().noneMatch(o -> o instanceof Emit);
                    // A silent CLOSE with data still queued leads where the FIN will be the evidence.
                    if (sendsNothing && t.to() != TcpState.FIN_WAIT_1 && t.to() != TcpState.LAST_ACK) {
                        silent[index(p, t.from())] |= bit(p, t.to());
                    }
                    for (Output o : t.response().possible()) {
                        // A call the capture cannot see is inferred from what it must send. One
                        // that only may send this kind and changes the state (CLOSE with data
                        // still waiting for the window) is not: the segment it must send (the
                        // FIN) is the evidence, and stands for the same call when it comes.
                        boolean evidence = t.response().required().contains(o) || t.to() == t.from();
                        if (o instanceof Emit e && evidence) {
                            emitTargets[e.ordinal()][index(p, t.from())] |= bit(p, t.to());
                            if (sender[e.ordinal()] == null) {
                                sender[e.ordinal()] = t;
                            }
                        }
                    }
                }
            }
            for (var e : grouped.entrySet()) {
                Map<SegmentInput, Edge[]> m = byState.get(e.getKey().ordinal());
                e.getValue().forEach((in, ts) -> m.put(in, ts.stream().map(Edge::of).toArray(Edge[]::new)));
            }
            receive.add(byState);
        }
        this.all = every;
        long closed = 0;
        for (int p = 0; p < profiles.size(); p++) {
            closed |= bit(p, TcpState.CLOSED);
        }
        this.closedBits = closed;
        long receiveSpace = 0;
        for (long m = every; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            receiveSpace |= stateOf(i).hasReceiveSequenceSpace() ? 1L << i : 0;
            long reach = silent[i];
            long before;
            do {
                before = reach;
                for (long r = before; r != 0; r &= r - 1) {
                    reach |= silent[Long.numberOfTrailingZeros(r)];
                }
            } while (reach != before);
            silentClosure[i] = reach;
        }
        this.receiveSpaceBits = receiveSpace;
    }

    /** The bit of a state of a profile in a set. */
    static long bit(int profile, TcpState s) {
        return 1L << index(profile, s);
    }

    private static int index(int profile, TcpState s) {
        return profile * STATES + s.ordinal();
    }

    /** Every state of every profile: nothing known. */
    long any() {
        return all;
    }

    /** The given states, in every profile. */
    long of(Set<TcpState> states) {
        long m = 0;
        for (int p = 0; p < profiles.size(); p++) {
            for (TcpState s : states) {
                m |= bit(p, s);
            }
        }
        return m;
    }

    static TcpState stateOf(int bitIndex) {
        return STATE[bitIndex % STATES];
    }

    static int profileOf(int bitIndex) {
        return bitIndex / STATES;
    }

    /** The states a set holds, whatever the profile, as one bit per state. */
    static long folded(long set) {
        // At most five profiles (64 bits / 11 states).
        return (set | set >>> STATES | set >>> 2 * STATES | set >>> 3 * STATES | set >>> 4 * STATES)
                & ((1L << STATES) - 1);
    }

    /** One bit per state, as {@link #folded(long)} gives them. */
    static long folded(Set<TcpState> states) {
        long out = 0;
        for (TcpState s : states) {
            out |= 1L << s.ordinal();
        }
        return out;
    }

    /** The states a set holds, whatever the profile. */
    static EnumSet<TcpState> states(long set) {
        EnumSet<TcpState> s = EnumSet.noneOf(TcpState.class);
        for (long m = set; m != 0; m &= m - 1) {
            s.add(stateOf(Long.numberOfTrailingZeros(m)));
        }
        return s;
    }

    /** Labels by the states of a set, as {@link #folded(long)} gives them; made when first asked for. */
    private static final String[] LABELS = new String[1 << STATES];

    /** E.g. {@code ESTABLISHED} or {@code FIN-WAIT-1|CLOSING}. */
    static String label(long set) {
        int states = (int) folded(set);
        String label = LABELS[states];
        if (label == null) {
            // Strings are immutable: a thread that sees another's label sees it whole.
            StringJoiner j = new StringJoiner("|");
            states(set).forEach(s -> j.add(s.rfcName()));
            label = set == 0 ? "(none)" : j.toString();
            LABELS[states] = label;
        }
        return label;
    }

    /** The edges a segment input takes from one state of one profile (empty if the graph has none). */
    private Edge[] edges(int profile, TcpState from, SegmentInput input) {
        Edge[] t = receive.get(profile).get(from.ordinal()).get(input);
        return t == null ? NO_EDGES : t;
    }

    private static final Edge[] NO_EDGES = new Edge[0];

    // ------------------------------------------------------------------ a received segment

    /** What the capture showed of a receiver that edge conditions depend on ({@link #arrival}'s facts). */
    static final int HELD_FIN = 1;
    static final int SENT_SYN = 2;
    static final int SENT_SYN_ACK = 4;
    static final int SENT_FIN = 8;
    static final int SYN_SEEN = 16;

    private static final SeqClass[] SEQ = SeqClass.values();
    private static final AckClass[] ACK = AckClass.values();
    private static final Kind[] KIND = Kind.values();

    /**
     * A received segment as every state of its receiver classifies it, packed into an int: its
     * kind; whether it carries data, and whether it advertises a zero window; the classes its
     * numbers may fall in (one each where the capture shows the receiver's numbers, several where
     * it does not), as bits by ordinal: SEG.SEQ for states with a receive sequence space, SEG.ACK
     * for states where a partial acknowledgment exists and for the others; and the receiver's
     * facts ({@link #HELD_FIN}, {@link #SENT_SYN}, ...).
     */
    static int arrival(Kind kind, boolean payload, boolean zeroWindow, int seqClasses, int ackClassesWithPartial,
                       int ackClassesWithoutPartial, int facts) {
        return kind.ordinal() | (payload ? 1 << PAYLOAD : 0) | (zeroWindow ? 1 << ZERO_WINDOW : 0)
                | seqClasses << SEQ_CLASSES | ackClassesWithPartial << ACKS_WITH_PARTIAL
                | ackClassesWithoutPartial << ACKS_WITHOUT_PARTIAL | facts << FACTS;
    }

    /** Where {@link #arrival} puts each part: the kind in the three lowest bits, then these. */
    static final int PAYLOAD = 3;
    static final int ZERO_WINDOW = 4;
    /** Five bits by {@link SeqClass} ordinal. */
    static final int SEQ_CLASSES = 5;
    /** Six bits each by {@link AckClass} ordinal. */
    static final int ACKS_WITH_PARTIAL = 10;
    static final int ACKS_WITHOUT_PARTIAL = 16;
    /** Five bits, {@link #HELD_FIN} to {@link #SYN_SEEN}. */
    static final int FACTS = 22;

    /**
     * Whether SEG.ACK can acknowledge part of what is outstanding in a state: not where nothing
     * but the SYN or the FIN can be (SYN-SENT, SYN-RECEIVED, FIN-WAIT-2, TIME-WAIT).
     */
    static boolean partialAckExists(TcpState s) {
        return switch (s) {
            case SYN_SENT, SYN_RECEIVED, FIN_WAIT_2, TIME_WAIT -> false;
            default -> true;
        };
    }

    /**
     * Where a received segment takes its receiver. A move is remembered and handed out again:
     * its {@code owed} is not to be changed.
     *
     * @param strictAfter  where the edges lead from the receiver's states as inferred (a state with
     *                     no edge for the segment stays)
     * @param lenientAfter likewise from the states that are possible if segments were lost after
     *                     the capture point
     * @param owed         [emit]: the states in which the receiver now owes a segment of that kind
     * @param decided      the edge that moved the inferred states, if one did (for citing)
     */
    record Move(long strictAfter, long lenientAfter, long[] owed, Transition decided) {
    }

    /** How many moves are remembered: a capture repeats far fewer. */
    static final int MOVES = 1 << 12;
    private final long[] moveStrict;
    private final long[] moveLenient;
    private final int[] moveArrival;
    private final Move[] moves;

    /**
     * Moves a receiver's states along the graph's edges for a segment ({@link #arrival}). The
     * result depends only on the arguments, and a capture repeats the same few of them: the most
     * recent are remembered (a fixed number, so memory stays bounded).
     */
    Move receive(long strict, long lenient, int arrival) {
        long h = (strict * 0x9E3779B97F4A7C15L) ^ (lenient * 0xC2B2AE3D27D4EB4FL) ^ (arrival * 0x165667B19E3779F9L);
        int slot = (int) (h ^ (h >>> 29)) & (moves.length - 1);
        Move m = moves[slot];
        if (m != null && moveStrict[slot] == strict && moveLenient[slot] == lenient && moveArrival[slot] == arrival) {
            return m;
        }
        m = move(strict, lenient, arrival);
        moves[slot] = m;
        moveStrict[slot] = strict;
        moveLenient[slot] = lenient;
        moveArrival[slot] = arrival;
        return m;
    }

    private Move move(long strict, long lenient, int arrival) {
        Kind kind = KIND[arrival & 7];
        boolean payload = (arrival & 1 << PAYLOAD) != 0;
        boolean zeroWindow = (arrival & 1 << ZERO_WINDOW) != 0;
        int seqClasses = (arrival >>> SEQ_CLASSES) & 0x1F;
        int ackWithPartial = (arrival >>> ACKS_WITH_PARTIAL) & 0x3F;
        int ackWithoutPartial = (arrival >>> ACKS_WITHOUT_PARTIAL) & 0x3F;
        int facts = arrival >>> FACTS;
        long strictAfter = 0;
        long lenientAfter = 0;
        long[] owed = new long[EMIT.length];
        Transition decided = null;
        for (long m = lenient; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            boolean inStrict = (strict & (1L << i)) != 0;
            int profile = profileOf(i);
            TcpState state = stateOf(i);
            int seqs = state.hasReceiveSequenceSpace() ? seqClasses : 1 << SeqClass.ANY.ordinal();
            int acks = !kind.hasAck() ? 1 << AckClass.NONE.ordinal()
                    : state == TcpState.CLOSED || state == TcpState.LISTEN ? 1 << AckClass.ANY.ordinal()
                    : partialAckExists(state) ? ackWithPartial : ackWithoutPartial;
            Window window = kind == Kind.ACK && !payload && zeroWindow && state.hasReceiveSequenceSpace()
                    ? Window.ZERO : Window.OPEN;
            boolean any = false;
            for (int q = seqs; q != 0; q &= q - 1) {
                for (int k = acks; k != 0; k &= k - 1) {
                    SegmentInput input = new SegmentInput(kind, SEQ[Integer.numberOfTrailingZeros(q)],
                            ACK[Integer.numberOfTrailingZeros(k)], payload, window);
                    for (Edge e : edges(profile, state, input)) {
                        if (!applies(e.conditions(), facts)) {
                            continue;
                        }
                        any = true;
                        long target = bit(profile, e.to());
                        lenientAfter |= target;
                        Transition t = e.transition();
                        if (inStrict) {
                            strictAfter |= target;
                            if (decided == null || (decided.to() == decided.from() && t.to() != t.from())) {
                                decided = t;
                            }
                        }
                        for (int w = e.emits(); w != 0; w &= w - 1) {
                            owed[Integer.numberOfTrailingZeros(w)] |= target;
                        }
                    }
                }
            }
            if (!any) {
                // The estimate of the numbers gave an input the graph has no edge for: no news.
                lenientAfter |= 1L << i;
                if (inStrict) {
                    strictAfter |= 1L << i;
                }
            }
        }
        return new Move(strictAfter, lenientAfter, owed, decided);
    }

    /**
     * Whether an edge's condition can hold for a receiver with these facts: who opened, whether
     * its FIN has been sent, whether a FIN is held out of order. Conditions on what the capture
     * cannot see (calls, queued data) are left open.
     */
    private static boolean applies(int c, int facts) {
        if (c == 0) {
            return true;
        }
        boolean finSent = (facts & SENT_FIN) != 0;
        if ((c & Edge.HELD_FIN) != 0 && (facts & HELD_FIN) == 0) {
            return false;
        }
        if ((c & Edge.ACTIVE) != 0 && (facts & (SENT_SYN | SENT_SYN_ACK)) == SENT_SYN_ACK) {
            return false;
        }
        if ((c & Edge.PASSIVE) != 0 && (facts & SENT_SYN) != 0) {
            return false;
        }
        // A CLOSE the capture cannot see is assumed only once its FIN shows it.
        if ((c & Edge.CLOSE_CALLED) != 0 && !finSent) {
            return false;
        }
        if ((facts & SYN_SEEN) != 0 && (c & Edge.FIN_SENT) != 0 && !finSent) {
            return false;
        }
        return !((c & Edge.FIN_WAITS) != 0 && finSent);
    }

    /**
     * Where a sent segment of this kind can leave a set of states: through a call or timer edge
     * that sends it, or by staying where the endpoint owes it (the response to a segment it
     * received), or — for a bare ACK — staying in any state with a receive sequence space, where
     * an ACK may always go out (a delayed or duplicate ACK, a window update, §3.8.6.2.2).
     */
    long afterSending(long states, Emit kind, long owed) {
        long out = owed & states;
        if (kind == Emit.ACK) {
            out |= states & receiveSpaceBits;
        }
        long[] targets = emitTargets[kind.ordinal()];
        for (long m = states; m != 0; m &= m - 1) {
            out |= targets[Long.numberOfTrailingZeros(m)];
        }
        return out;
    }

    /**
     * The set with LISTEN added wherever CLOSED is: a passive OPEN (§3.10.1) sends nothing, so
     * the capture cannot show it; the SYN-ACK that answers a SYN later is its evidence.
     */
    long withListen(long set) {
        long closed = set & closedBits;
        return set | (closed << (TcpState.LISTEN.ordinal() - TcpState.CLOSED.ordinal()));
    }

    /**
     * The set with every state reachable through moves that send nothing: an ABORT in LISTEN or
     * SYN-SENT, a user timeout (§3.10.8), the end of TIME-WAIT, a passive OPEN. The capture
     * cannot show them, so they are assumed only when nothing else explains a segment.
     */
    long silently(long set) {
        long out = set;
        for (long m = set; m != 0; m &= m - 1) {
            out |= silentClosure[Long.numberOfTrailingZeros(m)];
        }
        return out;
    }

    /** The CLOSED and LISTEN states of a set: where a RST may answer anything that arrives. */
    long closedOrListen(long set) {
        return set & (closedBits | (closedBits << (TcpState.LISTEN.ordinal() - TcpState.CLOSED.ordinal())));
    }

    /** Every state in which some edge sends this kind: where an endpoint may be after sending it. */
    long whereSent(Emit kind) {
        long out = 0;
        for (long t : emitTargets[kind.ordinal()]) {
            out |= t;
        }
        return out;
    }

    /** A call or timer edge that sends this kind, for citing; null if none does. */
    Transition senderOf(Emit kind) {
        return sender[kind.ordinal()];
    }

    /** The kinds of segment a set of states allows sending now (for "expected" texts). */
    String allowedKinds(long states, long owed) {
        StringJoiner j = new StringJoiner(", ");
        for (Emit e : EMIT) {
            if (afterSending(states, e, owed) != 0) {
                j.add(e.label().substring(1));
            }
        }
        return j.length() == 0 ? "nothing" : j.toString();
    }

}
