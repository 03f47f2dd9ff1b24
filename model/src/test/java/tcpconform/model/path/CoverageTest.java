package tcpconform.model.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;

class CoverageTest {

    private final StateGraph graph = StateGraph.of(Profile.BASELINE);
    private final Coverage coverage = new Coverage(graph);

    private TestCase walk(Call... calls) {
        Reference ref = Reference.baseline();
        return new TestCase("t", List.of(calls),
                List.of(calls).stream().map(c -> graph.edgeOf(ref.apply(c)).orElseThrow()).toList());
    }

    @Test
    void aCaseCoversTheStatesItPassesTheTransitionsItTakesAndTheirPairs() {
        coverage.record(walk(Call.LISTEN, Call.CONNECT, Call.ABORT));
        assertEquals(3, coverage.statesCovered()); // CLOSED, LISTEN, SYN-SENT
        assertEquals(3, coverage.transitionsCovered());
        assertEquals(2, coverage.pairsCovered());
    }

    @Test
    void aTransitionTakenTwiceIsCountedTwiceButCoveredOnce() {
        TestCase twice = walk(Call.SEND, Call.SEND); // CLOSED: "error: connection does not exist"
        coverage.record(twice);
        assertEquals(1, coverage.transitionsCovered());
        assertEquals(2, coverage.count(twice.transitions().get(0)));
        assertEquals(1, coverage.pairsCovered());
    }

    @Test
    void thePairsOfTheGraphAreEveryTwoTransitionsThatFollowEachOther() {
        long pairs = 0;
        for (Transition first : graph.transitions()) {
            for (Transition second : graph.transitions()) {
                if (first.to() == second.from()) {
                    pairs++;
                }
            }
        }
        assertEquals(pairs, coverage.pairsTotal());
        assertEquals(graph.transitions().size(), coverage.uncovered().size());
    }
}
