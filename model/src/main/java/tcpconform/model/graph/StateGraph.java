package tcpconform.model.graph;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;

import tcpconform.model.Alphabet;
import tcpconform.model.Call;
import tcpconform.model.Input;
import tcpconform.model.Output;
import tcpconform.model.Response;
import tcpconform.model.SegmentInput;
import tcpconform.model.TcpState;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Prediction;

/**
 * The TCP state diagram of RFC 9293 as a JGraphT {@code DirectedPseudograph}: vertices are the
 * eleven states, edges the {@link Transition}s built from {@link TransitionTable} for a profile.
 * Self-loops (an input that leaves the state as it is) and parallel edges (several inputs between
 * the same states, or one input whose outcome depends on the TCB) are normal.
 */
public final class StateGraph {

    private final Profile profile;
    private final Graph<TcpState, Transition> graph;
    private final List<Transition> transitions;
    /** The transitions by state and input, for the lookups a runner makes at every step. */
    private final Map<TcpState, Map<Input, List<Transition>>> byInput = new EnumMap<>(TcpState.class);

    private StateGraph(Profile profile, Graph<TcpState, Transition> graph, List<Transition> transitions) {
        this.profile = profile;
        this.graph = graph;
        this.transitions = transitions;
        for (TcpState s : TcpState.values()) {
            byInput.put(s, new HashMap<>());
        }
        for (Transition t : transitions) {
            byInput.get(t.from()).computeIfAbsent(t.input(), i -> new ArrayList<>()).add(t);
        }
    }

    /**
     * Builds the graph of a profile. Every call and every segment class must be claimed by a rule
     * in every state; a timer without a rule in a state is not running there.
     *
     * @throws IllegalStateException if the table leaves a call or a segment class unspecified
     */
    public static StateGraph of(Profile profile) {
        List<TransitionTable.Rule> rules = TransitionTable.rules(profile);
        DirectedPseudograph<TcpState, Transition> g = new DirectedPseudograph<>(Transition.class);
        for (TcpState s : TcpState.values()) {
            g.addVertex(s);
        }
        List<Transition> all = new ArrayList<>();
        List<String> unspecified = new ArrayList<>();
        for (TcpState state : TcpState.values()) {
            for (Input input : Alphabet.of(state)) {
                List<TransitionTable.Rule> applying = applying(rules, state, input);
                if (applying.isEmpty()) {
                    if (input instanceof Call || input instanceof SegmentInput) {
                        unspecified.add(state + " " + input.label());
                    }
                    continue;
                }
                for (TransitionTable.Rule rule : applying) {
                    for (Transition t : edges(rules, state, input, rule)) {
                        g.addEdge(state, t.to(), t);
                        all.add(t);
                    }
                }
            }
        }
        if (!unspecified.isEmpty()) {
            throw new IllegalStateException("the transition table leaves unspecified: " + unspecified);
        }
        return new StateGraph(profile, new AsUnmodifiableGraph<>(g), List.copyOf(all));
    }

    /** The edges one rule gives an input in a state. */
    private static List<Transition> edges(List<TransitionTable.Rule> rules, TcpState state, Input input,
                                          TransitionTable.Rule rule) {
        List<Transition> edges = new ArrayList<>();
        if (rule.asItsAck() != null) {
            // The segment acts as the bare ACK it carries: that ACK's edges, with the extra outputs.
            SegmentInput s = (SegmentInput) input;
            SegmentInput.Kind kind = s.kind() == SegmentInput.Kind.FIN_ACK ? SegmentInput.Kind.ACK : s.kind();
            SegmentInput bare = new SegmentInput(kind, SegmentInput.SeqClass.EXACT, s.ack(), false, s.window());
            for (TransitionTable.Rule r : applying(rules, state, bare)) {
                for (Transition t : edges(rules, state, bare, r)) {
                    Response response = t.response().maybe(rule.asItsAck().possible().toArray(new Output[0]));
                    List<String> labels = new ArrayList<>(rule.requirements());
                    t.requirements().stream().filter(l -> !labels.contains(l)).forEach(labels::add);
                    String condition = t.condition().isEmpty() ? "out of order" : "out of order; " + t.condition();
                    edges.add(new Transition(state, input, response, t.to(), rule.section(), labels, condition));
                }
            }
            return edges;
        }
        for (TransitionTable.Outcome o : rule.outcomes()) {
            TcpState to = o.to() == null ? state : o.to();
            edges.add(new Transition(state, input, o.response(), to, rule.section(), rule.requirements(), o.condition()));
        }
        return edges;
    }

    /** The additive rules that match, then the first ordinary one; empty if none is ordinary. */
    private static List<TransitionTable.Rule> applying(List<TransitionTable.Rule> rules, TcpState state, Input input) {
        List<TransitionTable.Rule> applying = new ArrayList<>();
        for (TransitionTable.Rule r : rules) {
            if (TransitionTable.matches(r, state, input)) {
                applying.add(r);
                if (!r.additive()) {
                    return applying;
                }
            }
        }
        return List.of();
    }

    public Profile profile() {
        return profile;
    }

    /** A read-only view of the graph. */
    public Graph<TcpState, Transition> graph() {
        return graph;
    }

    /** Every transition, in table order (state, then input). */
    public List<Transition> transitions() {
        return transitions;
    }

    /** The transitions for an input in a state (more than one when the outcome depends on the TCB). */
    public List<Transition> transitions(TcpState from, Input input) {
        return List.copyOf(byInput.get(from).getOrDefault(input, List.of()));
    }

    /** The edge that a move of the reference takes, if the graph has one. */
    public Optional<Transition> edgeOf(Prediction move) {
        List<Transition> candidates = byInput.get(move.from()).get(move.input());
        if (candidates == null) {
            return Optional.empty();
        }
        Response response = null;
        for (Transition t : candidates) {
            if (t.to() == move.to()) {
                if (response == null) {
                    response = move.response();
                }
                if (t.response().admits(response)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }
}
