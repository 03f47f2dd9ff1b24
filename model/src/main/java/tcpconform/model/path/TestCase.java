package tcpconform.model.path;

import java.util.List;
import java.util.stream.Collectors;

import tcpconform.model.Input;
import tcpconform.model.graph.Transition;

/**
 * A sequence of inputs from CLOSED, with the transitions the reference takes on the way: what a
 * runner applies to a system under test, step by step.
 *
 * @param name        a stable name, e.g. {@code tour-007}
 * @param inputs      the inputs, in order
 * @param transitions the edge of the graph each input takes in the reference
 */
public record TestCase(String name, List<Input> inputs, List<Transition> transitions) {

    public TestCase {
        inputs = List.copyOf(inputs);
        transitions = List.copyOf(transitions);
        if (inputs.size() != transitions.size()) {
            throw new IllegalArgumentException("one transition per input");
        }
    }

    /** A replayable description: the inputs, one per line, with the states they pass. */
    public String describe() {
        return name + ":\n" + transitions.stream().map(t -> "  " + t.label()).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return name + " " + inputs.stream().map(Input::label).collect(Collectors.joining(", "));
    }
}
