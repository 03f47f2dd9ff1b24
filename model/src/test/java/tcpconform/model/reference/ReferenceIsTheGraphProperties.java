package tcpconform.model.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import tcpconform.model.Input;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;

/** Every move the reference makes is an edge of the state graph built from the table (design.md). */
class ReferenceIsTheGraphProperties {

    @Property(tries = 400)
    void everyMoveOnAbstractInputsIsAnEdge(
            @ForAll("profiles") Profile profile,
            @ForAll("sequenceNumbers") long iss,
            @ForAll("sequenceNumbers") long peerIss,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 10_000) Integer> choices) {
        StateGraph graph = StateGraph.of(profile);
        Reference ref = new Reference(profile, iss, peerIss);
        for (int choice : choices) {
            List<Input> possible = ref.possibleInputs();
            Prediction move = ref.apply(possible.get(choice % possible.size()));
            assertTrue(graph.edgeOf(move).isPresent(), () -> "no edge for " + move + "; the graph has "
                    + graph.transitions(move.from(), move.input()));
        }
    }

    @Property(tries = 400)
    void everyMoveOnArbitrarySegmentsIsAnEdge(
            @ForAll("profiles") Profile profile,
            @ForAll("sequenceNumbers") long iss,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 10_000) Integer> choices,
            @ForAll @Size(min = 40, max = 40) List<@IntRange(min = -70_000, max = 70_000) Integer> offsets) {
        StateGraph graph = StateGraph.of(profile);
        Reference ref = new Reference(profile, iss, 7);
        int k = 0;
        for (int choice : choices) {
            Prediction move;
            if (choice % 3 == 0 && ref.state().hasReceiveSequenceSpace()) {
                move = ref.apply(arbitrarySegment(ref.tcb(), choice, offsets.get(k++ % offsets.size())));
            } else {
                List<Input> possible = ref.possibleInputs();
                move = ref.apply(possible.get(choice % possible.size()));
            }
            Prediction m = move;
            assertTrue(graph.edgeOf(m).isPresent(), () -> "no edge for " + m + " (" + m.segment() + ")");
        }
    }

    /** A segment whose numbers are near the receiver's variables, with any flags the alphabet knows. */
    private static ConcreteSegment arbitrarySegment(Tcb tcb, int choice, int offset) {
        int kind = choice % 8;
        boolean syn = kind == 0 || kind == 1;
        boolean rst = kind == 2 || kind == 3;
        boolean fin = kind == 4 || kind == 5;
        boolean ack = kind % 2 == 1 || kind == 6;
        int length = syn || rst ? 0 : (choice / 8) % 3 * 7;
        long seq = Seq.add(tcb.rcvNxt(), offset);
        long ackNo = Seq.add(choice % 2 == 0 ? tcb.sndUna() : tcb.sndNxt(), offset % 3);
        return new ConcreteSegment(syn, ack, fin, rst, seq, ack ? ackNo : 0, choice % 5 == 0 ? 0 : 65535, length);
    }

    @Provide
    Arbitrary<Profile> profiles() {
        return Arbitraries.of(Profile.known());
    }

    @Provide
    Arbitrary<Long> sequenceNumbers() {
        // Near the top of the sequence space as often as not, so that connections wrap around.
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, Seq.SPACE - 1),
                Arbitraries.longs().between(Seq.SPACE - 300, Seq.SPACE - 1));
    }
}
