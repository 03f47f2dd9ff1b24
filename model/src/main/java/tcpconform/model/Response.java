package tcpconform.model;

import java.util.Collections;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The outputs a transition allows: those that must appear, and those that may (an ACK the RFC
 * lets an implementation delay, data Nagle may hold back, an error the RFC calls optional).
 *
 * @param required outputs that must appear
 * @param optional outputs that may appear
 */
public record Response(Set<Output> required, Set<Output> optional) {

    public static final Response NOTHING = new Response(Set.of(), Set.of());

    public Response {
        required = sorted(required);
        optional = sorted(optional);
        for (Output o : optional) {
            if (required.contains(o)) {
                throw new IllegalArgumentException(o + " both required and optional");
            }
        }
    }

    /** Segments first, then notifications, each in declaration order: labels are stable. */
    private static final Comparator<Output> ORDER = Comparator
            .comparing((Output o) -> o instanceof Emit ? 0 : 1)
            .thenComparing(o -> ((Enum<?>) o).ordinal());

    private static Set<Output> sorted(Set<Output> outputs) {
        TreeSet<Output> s = new TreeSet<>(ORDER);
        s.addAll(outputs);
        return Collections.unmodifiableSet(s);
    }

    /** A response in which every output is required. */
    public static Response of(Output... outputs) {
        return new Response(Set.of(outputs), Set.of());
    }

    /** This response plus outputs that may appear. */
    public Response maybe(Output... outputs) {
        Set<Output> opt = new TreeSet<>(ORDER);
        opt.addAll(optional);
        for (Output o : outputs) {
            if (!required.contains(o)) {
                opt.add(o);
            }
        }
        return new Response(required, opt);
    }

    /** Every output that may appear. */
    public Set<Output> possible() {
        Set<Output> all = new TreeSet<>(ORDER);
        all.addAll(required);
        all.addAll(optional);
        return all;
    }

    /**
     * Whether a more precise response (the reference's, in one concrete situation) is allowed by
     * this one: it may only produce what this one allows, and must produce all this one requires.
     * A required ACK is also satisfied by a data or FIN segment, which carries the acknowledgment
     * (piggybacking, §3.10.7.4 seventh step).
     */
    public boolean admits(Response precise) {
        if (!possible().containsAll(precise.possible())) {
            return false;
        }
        for (Output o : required) {
            boolean piggybacked = o == Emit.ACK
                    && (precise.required().contains(Emit.DATA) || precise.required().contains(Emit.FIN));
            if (!precise.required().contains(o) && !piggybacked) {
                return false;
            }
        }
        return true;
    }

    /** E.g. {@code >S. !connected ACK?}; {@code -} for nothing. */
    public String label() {
        String s = Stream.concat(
                        required.stream().map(Output::label),
                        optional.stream().map(o -> o.label() + "?"))
                .collect(Collectors.joining(" "));
        return s.isEmpty() ? "-" : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && required.equals(r.required) && optional.equals(r.optional);
    }

    @Override
    public int hashCode() {
        return Objects.hash(required, optional);
    }

    @Override
    public String toString() {
        return label();
    }
}
