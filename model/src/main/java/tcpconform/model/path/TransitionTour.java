package tcpconform.model.path;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.ChinesePostman;
import org.jgrapht.alg.cycle.HierholzerEulerianCycle;
import org.jgrapht.graph.DirectedPseudograph;

import tcpconform.model.Input;
import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;

/**
 * The transition tour: JGraphT's {@link ChinesePostman} gives a shortest closed walk through
 * every edge of the state graph; the tour follows it, edge after edge, on the reference, and
 * splits it into test cases at CLOSED.
 *
 * <p>The graph's vertices are the eleven states, but whether an edge can be taken also depends on
 * the TCB (a partial ACK needs data outstanding; returning from SYN-RECEIVED to LISTEN needs a
 * passive open). So each edge of the postman's walk is <em>realised</em>: a breadth-first search
 * over the reference's situations (told apart by {@link Reference#signature()}) finds the
 * shortest input sequence that takes it from where the tour stands, or from CLOSED.
 */
public final class TransitionTour {

    private static final int MAX_DEPTH = 8;

    private TransitionTour() {
    }

    /** The postman's closed walk through every edge, from CLOSED. */
    public static List<Transition> postmanWalk(StateGraph graph) {
        if (!new KosarajuStrongConnectivityInspector<>(graph.graph()).isStronglyConnected()) {
            throw new IllegalStateException("the state graph is not strongly connected");
        }
        // The postman's walk is a shortest closed walk, but not always the same one: JGraphT keeps
        // the edges of its matching in a hash set of objects that hash by identity, which differs
        // from one run to the next, and so does the order in which it walks. So the postman only
        // says how often each edge is walked; an Eulerian cycle through that many copies of each
        // edge, on a graph whose vertices and edges are indices (hashed by value), inserted in
        // the graph's order, gives the walk, the same on every run.
        List<Transition> all = graph.transitions();
        int[] extra = {all.size()};
        DirectedPseudograph<Integer, Integer> mirror = new DirectedPseudograph<>(null, () -> extra[0]++, false);
        DirectedPseudograph<Integer, Integer> copies = new DirectedPseudograph<>(null, null, false);
        for (TcpState s : TcpState.values()) {
            mirror.addVertex(s.ordinal());
            copies.addVertex(s.ordinal());
        }
        for (int i = 0; i < all.size(); i++) {
            mirror.addEdge(all.get(i).from().ordinal(), all.get(i).to().ordinal(), i);
        }
        int[] times = new int[all.size()];
        for (int i : new ChinesePostman<Integer, Integer>().getCPPSolution(mirror).getEdgeList()) {
            if (i >= all.size()) {
                throw new IllegalStateException("the postman's walk has an edge the graph does not: " + i);
            }
            times[i]++;
        }
        List<Transition> copyOf = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int k = 0; k < times[i]; k++) {
                copies.addEdge(all.get(i).from().ordinal(), all.get(i).to().ordinal(), copyOf.size());
                copyOf.add(all.get(i));
            }
        }
        List<Transition> edges = new ArrayList<>();
        for (int c : new HierholzerEulerianCycle<Integer, Integer>().getEulerianCycle(copies).getEdgeList()) {
            edges.add(copyOf.get(c));
        }
        // Rotate so that the walk starts in CLOSED.
        for (int i = 0; i < edges.size(); i++) {
            if (edges.get(i).from() == TcpState.CLOSED) {
                Collections.rotate(edges, -i);
                break;
            }
        }
        return edges;
    }

    /** The tour as test cases that start and end in CLOSED, together covering every edge. */
    public static List<TestCase> cases(StateGraph graph, Supplier<Reference> fresh) {
        return cases(graph, fresh, postmanWalk(graph), t -> false, "tour");
    }

    /**
     * Cases that take the wanted edges, in their order, on paths that go through no avoided edge
     * (the wanted ones aside; a case ends with a wanted edge that is avoided, which is taken
     * last): a round of the tour for a target that departs from the
     * model on some edges, so that what lies beyond them is reached another way. A wanted edge
     * that no such path reaches is left out.
     *
     * @param prefix the cases' names, {@code PREFIX-001} on
     */
    public static List<TestCase> cases(StateGraph graph, Supplier<Reference> fresh, List<Transition> wanted,
                                       Predicate<Transition> avoid, String prefix) {
        Set<Transition> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        Situations situations = new Situations(graph);
        List<TestCase> cases = new ArrayList<>();
        Builder current = new Builder(fresh.get(), prefix);
        for (Transition target : wanted) {
            if (covered.contains(target)) {
                continue;
            }
            Predicate<Transition> allowed = t -> t == target || !avoid.test(t);
            Optional<List<Input>> path = search(situations, current.ref, t -> t == target, allowed);
            if (path.isEmpty() && current.ref.state() != TcpState.CLOSED) {
                current.finish(graph, situations, covered, cases, avoid);
                current = new Builder(fresh.get(), prefix);
                path = search(situations, current.ref, t -> t == target, allowed);
            }
            if (path.isEmpty()) {
                continue; // not realisable: left to uncovered(), which the tests keep empty for the full tour
            }
            for (Input in : path.get()) {
                current.apply(graph, in, covered);
                if (current.ref.state() == TcpState.CLOSED) {
                    cases.add(current.toCase(cases.size()));
                    current = new Builder(fresh.get(), prefix);
                }
            }
            if (avoid.test(target) && !current.inputs.isEmpty()) {
                // The target departs here: nothing after this edge would be exercised.
                cases.add(current.toCase(cases.size()));
                current = new Builder(fresh.get(), prefix);
            }
        }
        current.finish(graph, situations, covered, cases, avoid);
        return cases;
    }

    /**
     * The shortest input sequence from CLOSED that takes an edge, whatever it goes through, as the
     * edges it takes; empty if none within the search depth. Tells why a later round of the tour
     * could not reach an edge: the avoided edges on this path.
     */
    public static Optional<List<Transition>> shortestPathTo(StateGraph graph, Reference closed, Transition edge) {
        Optional<List<Input>> path = searchExactly(graph, closed, t -> t == edge, t -> true);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Reference r = closed.copy();
        List<Transition> edges = new ArrayList<>();
        for (Input in : path.get()) {
            edges.add(graph.edgeOf(r.apply(in)).orElseThrow());
        }
        return Optional.of(edges);
    }

    /**
     * Shortest input sequence from the reference's situation to a move that takes a wanted edge:
     * first over the memoised situations; a signature summarises a situation, so the path found
     * is checked on the reference itself, and searched for exactly if it does not hold.
     */
    private static Optional<List<Input>> search(Situations situations, Reference start, Predicate<Transition> wanted,
                                                Predicate<Transition> allowed) {
        Optional<List<Input>> fast = searchSituations(situations, start, wanted, allowed);
        if (fast.isPresent() && holds(situations.graph, start, fast.get(), wanted, allowed)) {
            return fast;
        }
        return searchExactly(situations.graph, start, wanted, allowed);
    }

    private static boolean holds(StateGraph graph, Reference start, List<Input> path, Predicate<Transition> wanted,
                                 Predicate<Transition> allowed) {
        Reference r = start.copy();
        Transition last = null;
        for (Input in : path) {
            if (!r.canTake(in)) {
                return false;
            }
            last = graph.edgeOf(r.apply(in)).orElse(null);
            if (last == null || !allowed.test(last)) {
                return false;
            }
        }
        return last != null && wanted.test(last);
    }

    private static Optional<List<Input>> searchExactly(StateGraph graph, Reference start, Predicate<Transition> wanted,
                                                       Predicate<Transition> allowed) {
        record Node(Reference ref, List<Input> path) {
        }
        Deque<Node> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(new Node(start, List.of()));
        seen.add(start.signature());
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Input in : n.ref.possibleInputs()) {
                Reference next = n.ref.copy();
                Prediction move = next.apply(in);
                List<Input> path = new ArrayList<>(n.path);
                path.add(in);
                Optional<Transition> edge = graph.edgeOf(move);
                if (edge.isPresent() && !allowed.test(edge.get())) {
                    continue;
                }
                if (edge.isPresent() && wanted.test(edge.get())) {
                    return Optional.of(path);
                }
                if (path.size() < MAX_DEPTH && seen.add(next.signature())) {
                    queue.add(new Node(next, path));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Input>> searchSituations(Situations situations, Reference start,
                                                          Predicate<Transition> wanted, Predicate<Transition> allowed) {
        record Node(String signature, List<Input> path) {
        }
        Deque<Node> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        String first = situations.add(start);
        queue.add(new Node(first, List.of()));
        seen.add(first);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            for (Situations.Move m : situations.moves(n.signature)) {
                if (m.edge() != null && !allowed.test(m.edge())) {
                    continue;
                }
                List<Input> path = new ArrayList<>(n.path.size() + 1);
                path.addAll(n.path);
                path.add(m.input());
                if (m.edge() != null && wanted.test(m.edge())) {
                    return Optional.of(path);
                }
                if (path.size() < MAX_DEPTH && seen.add(m.next())) {
                    queue.add(new Node(m.next(), path));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The reference's situations, told apart by their signature, and the moves out of each,
     * each computed once: the searches of a tour go over the same situations again and again.
     */
    private static final class Situations {
        record Move(Input input, Transition edge, String next) {
        }

        private final StateGraph graph;
        private final Map<String, Reference> references = new HashMap<>();
        private final Map<String, List<Move>> moves = new HashMap<>();

        Situations(StateGraph graph) {
            this.graph = graph;
        }

        /** Registers a situation; returns its signature. */
        String add(Reference ref) {
            String signature = ref.signature();
            references.putIfAbsent(signature, ref.copy());
            return signature;
        }

        List<Move> moves(String signature) {
            List<Move> known = moves.get(signature);
            if (known != null) {
                return known;
            }
            Reference ref = references.get(signature);
            List<Move> out = new ArrayList<>();
            for (Input in : ref.possibleInputs()) {
                Reference next = ref.copy();
                Prediction move = next.apply(in);
                out.add(new Move(in, graph.edgeOf(move).orElse(null), add(next)));
            }
            moves.put(signature, out);
            return out;
        }
    }

    /** One case being built. */
    private static final class Builder {
        final Reference ref;
        final List<Input> inputs = new ArrayList<>();
        final List<Transition> edges = new ArrayList<>();
        final String prefix;

        Builder(Reference ref, String prefix) {
            this.ref = ref;
            this.prefix = prefix;
        }

        void apply(StateGraph graph, Input in, Set<Transition> covered) {
            Prediction move = ref.apply(in);
            Transition t = graph.edgeOf(move).orElseThrow(() -> new IllegalStateException("the reference left the graph: " + move));
            inputs.add(in);
            edges.add(t);
            covered.add(t);
        }

        /** Drives the case back to CLOSED and adds it, if it has any step. */
        void finish(StateGraph graph, Situations situations, Set<Transition> covered, List<TestCase> cases,
                    Predicate<Transition> avoid) {
            if (inputs.isEmpty()) {
                return;
            }
            if (ref.state() != TcpState.CLOSED) {
                Predicate<Transition> home = t -> t.to() == TcpState.CLOSED;
                List<Input> way = search(situations, ref, home, t -> !avoid.test(t))
                        .or(() -> search(situations, ref, home, t -> true))
                        .orElseThrow(() -> new IllegalStateException("no way back to CLOSED from " + ref.signature()));
                for (Input in : way) {
                    apply(graph, in, covered);
                }
            }
            cases.add(toCase(cases.size()));
        }

        TestCase toCase(int index) {
            return new TestCase(String.format("%s-%03d", prefix, index + 1), inputs, edges);
        }
    }
}
