package tcpconform.model.graph;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

import tcpconform.model.Call;
import tcpconform.model.Input;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.Timeout;

/** Input patterns for the transition table: a call, a timer, or a class of segments. */
final class Match implements Predicate<Input> {

    private final Predicate<Input> test;
    private final String text;

    private Match(Predicate<Input> test, String text) {
        this.test = test;
        this.text = text;
    }

    static Match call(Call c) {
        return new Match(i -> i == c, c.label());
    }

    static Match calls(Call... cs) {
        Set<Call> set = EnumSet.of(cs[0], cs);
        return new Match(set::contains, set.toString());
    }

    static Match timeout(Timeout t) {
        return new Match(i -> i == t, t.label());
    }

    /** Any segment. */
    static Match segment() {
        return new Match(i -> i instanceof SegmentInput, "segment");
    }

    /** Segments with the RST bit. */
    static Match rst() {
        return segment().and(s -> s.kind().rst(), "RST");
    }

    /** Segments with the SYN bit. */
    static Match syn() {
        return segment().and(s -> s.kind().syn(), "SYN");
    }

    /** Segments without the RST bit. */
    static Match notRst() {
        return segment().and(s -> !s.kind().rst(), "not RST");
    }

    Match kinds(Kind... kinds) {
        Set<Kind> set = EnumSet.of(kinds[0], kinds);
        return and(s -> set.contains(s.kind()), set.toString());
    }

    Match seq(SeqClass... classes) {
        Set<SeqClass> set = EnumSet.of(classes[0], classes);
        return and(s -> set.contains(s.seq()), "seq " + set);
    }

    Match ack(AckClass... classes) {
        Set<AckClass> set = EnumSet.of(classes[0], classes);
        return and(s -> set.contains(s.ack()), "ack " + set);
    }

    Match ackBit() {
        return and(s -> s.kind().hasAck(), "ACK bit");
    }

    Match noAckBit() {
        return and(s -> !s.kind().hasAck(), "no ACK bit");
    }

    Match fin() {
        return and(s -> s.kind().fin(), "FIN");
    }

    Match noFin() {
        return and(s -> !s.kind().fin(), "no FIN");
    }

    Match data() {
        return and(SegmentInput::payload, "data");
    }

    Match noData() {
        return and(s -> !s.payload(), "no data");
    }

    private Match and(Predicate<SegmentInput> p, String more) {
        return new Match(i -> test.test(i) && i instanceof SegmentInput s && p.test(s), text + ", " + more);
    }

    @Override
    public boolean test(Input input) {
        return test.test(input);
    }

    @Override
    public String toString() {
        return text;
    }
}
