package tcpconform.model.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;

class TransitionTourTest {

    private static final Map<Profile, StateGraph> GRAPHS = new ConcurrentHashMap<>();
    private static final Map<Profile, List<TestCase>> TOURS = new ConcurrentHashMap<>();

    private static StateGraph graph(Profile profile) {
        return GRAPHS.computeIfAbsent(profile, StateGraph::of);
    }

    static List<Profile> profiles() {
        return Profile.known();
    }

    private static List<TestCase> tour(Profile profile) {
        return TOURS.computeIfAbsent(profile,
                p -> TransitionTour.cases(graph(p), () -> new Reference(p, 1000, 5000)));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theTourCoversEveryEdgeOfTheGraph(Profile profile) {
        StateGraph graph = graph(profile);
        Coverage coverage = new Coverage(graph);
        tour(profile).forEach(coverage::record);
        assertEquals(List.of(), coverage.uncovered());
        assertEquals(11, coverage.statesCovered());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyTourCaseStartsAndEndsInClosed(Profile profile) {
        for (TestCase c : tour(profile)) {
            assertEquals(TcpState.CLOSED, c.transitions().get(0).from(), c.name());
            assertEquals(TcpState.CLOSED, c.transitions().get(c.transitions().size() - 1).to(), c.name());
            assertTrue(c.transitions().stream().limit(c.transitions().size() - 1L)
                    .noneMatch(t -> t.to() == TcpState.CLOSED), c.name() + " passes CLOSED midway");
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void thePostmanWalkTraversesEveryEdge(Profile profile) {
        StateGraph graph = graph(profile);
        List<?> walk = TransitionTour.postmanWalk(graph);
        assertTrue(walk.size() >= graph.transitions().size());
        assertTrue(walk.containsAll(graph.transitions()));
    }

    @Test
    void anAvoidedEdgeIsTakenOnlyLastInItsCaseAndNeverOnTheWayToAnother() {
        Profile profile = Profile.BASELINE;
        StateGraph graph = graph(profile);
        // Avoid every edge into ESTABLISHED from SYN-SENT: a target known to depart on them.
        Predicate<Transition> avoid =
                t -> t.from() == TcpState.SYN_SENT && t.to() == TcpState.ESTABLISHED;
        List<TestCase> cases = TransitionTour.cases(graph, () -> new Reference(profile, 1000, 5000),
                TransitionTour.postmanWalk(graph), avoid, "r");
        int endings = 0;
        for (TestCase c : cases) {
            List<Transition> ts = c.transitions();
            for (int i = 0; i < ts.size() - 1; i++) {
                assertFalse(avoid.test(ts.get(i)), c.name() + " goes on after " + ts.get(i).label());
            }
            endings += avoid.test(ts.get(ts.size() - 1)) ? 1 : 0;
        }
        assertTrue(endings > 0, "the avoided edges are still taken, each as the last of a case");
    }

    /**
     * Identity hash codes come from a per-thread generator, so hashing a few objects first on a
     * fresh thread changes every later one. The postman alone gave 159 to 170 cases that way; the
     * tour must not change at all.
     */
    @Test
    void theTourIsTheSameWhateverTheIdentityHashCodes() throws InterruptedException {
        List<String> first = null;
        for (int warm : new int[] {0, 1, 7, 100}) {
            List<List<String>> out = new ArrayList<>();
            Thread t = new Thread(() -> {
                for (int i = 0; i < warm; i++) {
                    System.identityHashCode(new Object());
                }
                StateGraph g = StateGraph.of(Profile.LINUX);
                out.add(TransitionTour.cases(g, () -> new Reference(Profile.LINUX, 1000, 5000)).stream()
                        .map(c -> c.name() + " " + c.inputs()).toList());
            });
            t.start();
            t.join();
            assertEquals(1, out.size(), "the tour was built");
            if (first == null) {
                first = out.get(0);
            } else {
                List<String> base = first;
                List<String> now = out.get(0);
                int at = 0;
                while (at < Math.min(base.size(), now.size()) && base.get(at).equals(now.get(at))) {
                    at++;
                }
                int differsAt = at;
                assertTrue(base.equals(now), () -> "after hashing " + warm + " objects first: " + now.size()
                        + " cases instead of " + base.size() + ", the first different is case " + (differsAt + 1));
            }
        }
    }
}
