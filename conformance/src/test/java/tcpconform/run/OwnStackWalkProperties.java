package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import tcpconform.model.graph.StateGraph;
import tcpconform.model.path.TestCase;
import tcpconform.model.path.Walks;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;
import tcpconform.sut.Targets;

/**
 * Random walks as jqwik properties: on a failure jqwik shrinks the walk's choices to the
 * shortest failing walk and prints its seed, and the walk's description replays it.
 */
class OwnStackWalkProperties {

    private static final StateGraph GRAPH = StateGraph.of(Profile.BASELINE);
    private final Runner runner = new Runner(GRAPH, Targets.own(Profile.BASELINE), Expectations.bundled("own"));

    @Property(tries = 300)
    @Label("§3.10: every random walk on the own stack ends as the model and its expectations say")
    void everyRandomWalkEndsAsTheModelSays(@ForAll("walks") TestCase walk) {
        CaseResult result = runner.run(Case.of("walks", walk, Campaign.TOUR_PEER_ISS, 1));
        assertFalse(result.isUnexpected(), () -> result.unexpected() + "\n" + walk.describe());
    }

    @Provide
    Arbitrary<TestCase> walks() {
        return Walks.arbitrary(GRAPH, () -> new Reference(Profile.BASELINE, 1000, Campaign.TOUR_PEER_ISS), 30);
    }
}
