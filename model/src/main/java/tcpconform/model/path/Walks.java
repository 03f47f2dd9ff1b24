package tcpconform.model.path;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import tcpconform.model.Input;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;

/**
 * Random walks from CLOSED, drawn as lists of choices: choice {@code k} picks, among the inputs
 * the reference can take in its current situation, the one at index {@code k mod n}. Because a
 * walk is a function of a list of integers, jqwik's shrinking of the list (fewer, smaller
 * choices) yields the shortest failing walk.
 */
public final class Walks {

    private Walks() {
    }

    /** Decodes a list of choices into a walk; the reference comes fresh from the supplier. */
    public static TestCase decode(StateGraph graph, Supplier<Reference> fresh, List<Integer> choices, String name) {
        Reference ref = fresh.get();
        List<Input> inputs = new ArrayList<>();
        List<Transition> edges = new ArrayList<>();
        for (int choice : choices) {
            List<Input> possible = ref.possibleInputs();
            Input input = possible.get(Math.floorMod(choice, possible.size()));
            Prediction move = ref.apply(input);
            inputs.add(input);
            edges.add(graph.edgeOf(move).orElseThrow(() -> new IllegalStateException(
                    "the reference left the graph: " + move)));
        }
        return new TestCase(name, inputs, edges);
    }

    /** Walks of at most {@code maxLength} inputs, shrinking towards shorter walks. */
    public static Arbitrary<TestCase> arbitrary(StateGraph graph, Supplier<Reference> fresh, int maxLength) {
        return Arbitraries.integers().between(0, 1 << 16).list().ofMaxSize(maxLength)
                .map(choices -> decode(graph, fresh, choices, "walk"));
    }
}
