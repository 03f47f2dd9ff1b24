package tcpconform.model.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import tcpconform.model.TcpState;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;

class WalksProperties {

    private final StateGraph graph = StateGraph.of(Profile.BASELINE);

    @Property(tries = 200)
    void aWalkIsAPathOfTheGraphFromClosed(@ForAll("walks") TestCase walk) {
        TcpState at = TcpState.CLOSED;
        for (Transition t : walk.transitions()) {
            assertEquals(at, t.from());
            at = t.to();
        }
    }

    @Property(tries = 50)
    void theSameChoicesGiveTheSameWalk(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 1000) Integer> choices) {
        TestCase a = Walks.decode(graph, Reference::baseline, choices, "a");
        assertEquals(choices.size(), a.transitions().size());
        assertEquals(a.transitions(), Walks.decode(graph, Reference::baseline, choices, "b").transitions());
    }

    @Provide
    Arbitrary<TestCase> walks() {
        return Walks.arbitrary(graph, Reference::baseline, 30);
    }
}
