package tcpconform.model.path;

import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;

/**
 * What a set of test cases exercised of a graph: states, transitions, and transition pairs (two
 * consecutive transitions, the second leaving the state the first entered).
 */
public final class Coverage {

    private final StateGraph graph;
    private final Set<TcpState> states = EnumSet.noneOf(TcpState.class);
    private final Map<Transition, Integer> transitions = new IdentityHashMap<>();
    private final Map<Transition, Map<Transition, Boolean>> pairIndex = new IdentityHashMap<>();

    public Coverage(StateGraph graph) {
        this.graph = graph;
    }

    /** Records one case. */
    public void record(TestCase c) {
        states.add(TcpState.CLOSED);
        Transition previous = null;
        for (Transition t : c.transitions()) {
            states.add(t.from());
            states.add(t.to());
            transitions.merge(t, 1, Integer::sum);
            if (previous != null) {
                pairIndex.computeIfAbsent(previous, k -> new IdentityHashMap<>()).put(t, Boolean.TRUE);
            }
            previous = t;
        }
    }

    public int statesCovered() {
        return states.size();
    }

    public int statesTotal() {
        return graph.graph().vertexSet().size();
    }

    public int transitionsCovered() {
        return transitions.size();
    }

    public int transitionsTotal() {
        return graph.transitions().size();
    }

    /** How often a transition was taken (0 if never). */
    public int count(Transition t) {
        return transitions.getOrDefault(t, 0);
    }

    public int pairsCovered() {
        return pairIndex.values().stream().mapToInt(Map::size).sum();
    }

    /** Pairs the graph has: for each state, edges in times edges out. */
    public long pairsTotal() {
        long total = 0;
        for (TcpState s : graph.graph().vertexSet()) {
            total += (long) graph.graph().inDegreeOf(s) * graph.graph().outDegreeOf(s);
        }
        return total;
    }

    /** The transitions never taken. */
    public List<Transition> uncovered() {
        return graph.transitions().stream().filter(t -> !transitions.containsKey(t)).toList();
    }
}
