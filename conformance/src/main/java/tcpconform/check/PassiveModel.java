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
    /** [profile][state][emit]: where a call or timer that sends this kind of segment leads. */
    private final long[][][] emitTargets;
    /** [emit]: one call or timer edge that sends this kind, to cite when nothing allows it. */
    private final Transition[] sender = new Transition[EMIT.length];
    private final long all;
    private final long closedBits;
    /** [profile][state]: where a call or timer that sends nothing may lead (abort, user timeout, 2 MSL, listen). */
    private final long[][] silent;

    PassiveModel(List<Profile> profiles) {
        if (profiles.isEmpty() || profiles.size() * STATES > 64) {
            throw new IllegalArgumentException("between 1 and " + 64 / STATES + " profiles: " + profiles.size());
        }
        this.profiles = List.copyOf(profiles);
        this.emitTargets = new long[profiles.size()][STATES][EMIT.length];
        this.silent = new long[profiles.size()][STATES];
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
                        silent[p][t.from().ordinal()] |= bit(p, t.to());
                    }
                    for (Output o : t.response().possible()) {
                        // A call the capture cannot see is inferred from what it must send. One
                        // that only may send this kind and changes the state (CLOSE with data
                        // still waiting for the window) is not: the segment it must send (the
                        // FIN) is the evidence, and stands for the same call when it comes.
                        boolean evidence = t.response().required().contains(o) || t.to() == t.from();
                        if (o instanceof Emit e && evidence) {
                            emitTargets[p][t.from().ordinal()][e.ordinal()] |= bit(p, t.to());
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
    }

    static long bit(int profile, TcpState s) {
        return 1L << (profile * STATES + s.ordinal());
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
        long out = 0;
        for (long m = set; m != 0; m >>>= STATES) {
            out |= m & ((1L << STATES) - 1);
        }
        return out;
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

    /** E.g. {@code ESTABLISHED} or {@code FIN-WAIT-1|CLOSING}. */
    static String label(long set) {
        if (set == 0) {
            return "(none)";
        }
        StringJoiner j = new StringJoiner("|");
        states(set).forEach(s -> j.add(s.rfcName()));
        return j.toString();
    }

    /** The edges a segment input takes from one state of one profile (empty if the graph has none). */
    Edge[] edges(int profile, TcpState from, SegmentInput input) {
        Edge[] t = receive.get(profile).get(from.ordinal()).get(input);
        return t == null ? NO_EDGES : t;
    }

    private static final Edge[] NO_EDGES = new Edge[0];

    /**
     * Where a sent segment of this kind can leave a set of states: through a call or timer edge
     * that sends it, or by staying where the endpoint owes it (the response to a segment it
     * received), or — for a bare ACK — staying in any state with a receive sequence space, where
     * an ACK may always go out (a delayed or duplicate ACK, a window update, §3.8.6.2.2).
     */
    long afterSending(long states, Emit kind, long owed) {
        long out = owed & states;
        for (long m = states; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            TcpState s = stateOf(i);
            out |= emitTargets[profileOf(i)][s.ordinal()][kind.ordinal()];
            if (kind == Emit.ACK && s.hasReceiveSequenceSpace()) {
                out |= 1L << i;
            }
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
        long before;
        do {
            before = out;
            for (long m = out; m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                out |= silent[profileOf(i)][stateOf(i).ordinal()];
            }
        } while (out != before);
        return out;
    }

    /** The CLOSED and LISTEN states of a set: where a RST may answer anything that arrives. */
    long closedOrListen(long set) {
        return set & (closedBits | (closedBits << (TcpState.LISTEN.ordinal() - TcpState.CLOSED.ordinal())));
    }

    /** Every state in which some edge sends this kind: where an endpoint may be after sending it. */
    long whereSent(Emit kind) {
        long out = 0;
        for (int p = 0; p < profiles.size(); p++) {
            for (int s = 0; s < STATES; s++) {
                out |= emitTargets[p][s][kind.ordinal()];
            }
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
