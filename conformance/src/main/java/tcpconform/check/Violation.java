package tcpconform.check;

import java.util.List;

/**
 * A segment, or a run of them, that no behaviour of the model explains.
 *
 * @param packets      the packet numbers (counted from 1 in file order), the offending one last
 * @param endpoint     the endpoint that sent it, e.g. {@code 10.0.0.1.80}
 * @param rule         the check, by name (e.g. {@code rst-sequence-number})
 * @param section      where the rule is written, e.g. {@code RFC 9293 §3.10.7.2} or {@code RFC 7323 §2.2}
 * @param requirements the requirement labels of RFC 9293 Appendix B that the rule exercises,
 *                     or the keyword of a companion RFC that has no labels; empty when the text
 *                     it breaks carries no label
 * @param verdict      FAIL (a MUST or the RFC's event processing) or DEVIATION (a SHOULD)
 * @param expected     what the model allows there
 * @param observed     what the endpoint sent, in tcpdump's notation
 */
public record Violation(List<Long> packets, String endpoint, String rule, String section, List<String> requirements,
                        String verdict, String expected, String observed) {

    public Violation {
        packets = List.copyOf(packets);
        requirements = List.copyOf(requirements);
    }

    /** What violations are counted by: the rule and where it is written. */
    public record Heading(String verdict, String section, String requirement, String rule)
            implements Comparable<Heading> {

        private static final java.util.Comparator<Heading> ORDER = java.util.Comparator.comparing(Heading::verdict)
                .thenComparing(Heading::section).thenComparing(Heading::requirement).thenComparing(Heading::rule);

        @Override
        public int compareTo(Heading o) {
            return ORDER.compare(this, o);
        }
    }

    public Heading heading() {
        return new Heading(verdict, section, requirement(), rule);
    }

    /** The label list as one word, {@code —} when there is none. */
    public String requirement() {
        return requirements.isEmpty() ? "—" : String.join(" ", requirements);
    }
}
