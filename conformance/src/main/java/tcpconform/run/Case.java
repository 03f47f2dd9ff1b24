package tcpconform.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tcpconform.codec.TcpOption;
import tcpconform.model.path.TestCase;

/**
 * A case to run: the model's inputs, with what the tester chooses beyond them.
 *
 * @param suite       the suite, e.g. {@code tour}
 * @param title       what the case shows, in words, or empty
 * @param test        the inputs and the transitions the model takes
 * @param peerIss     the tester's initial sequence number
 * @param seed        the seed for the target's own random choices
 * @param decorations per input index, what the tester adds to an injected segment
 * @param checks      checks over the whole case, beyond each step's (timing, for instance)
 */
public record Case(String suite, String title, TestCase test, long peerIss, long seed,
                   Map<Integer, Decoration> decorations, List<Check> checks) {

    public Case {
        decorations = Map.copyOf(decorations);
        checks = List.copyOf(checks);
    }

    /** A plain case. */
    public static Case of(String suite, TestCase test, long peerIss, long seed) {
        return new Case(suite, "", test, peerIss, seed, Map.of(), List.of());
    }

    public String name() {
        return test.name();
    }

    /**
     * What the tester adds to a segment the model describes only by its numbers: options, the
     * URG bit with an urgent pointer, a spoiled checksum. The model's prediction for the bare
     * segment still holds (MUST-5, MUST-6, MUST-7, MUST-30); a segment with a bad checksum must
     * be dropped as if it never arrived (MUST-3).
     *
     * @param options       options to carry, replacing the defaults
     * @param urgentPointer the urgent pointer, with the URG bit set; 0 for none
     * @param badChecksum   whether the checksum is wrong
     * @param requirements  the labels the decoration exercises
     */
    public record Decoration(List<TcpOption> options, int urgentPointer, boolean badChecksum, List<String> requirements) {
        public Decoration {
            options = List.copyOf(options);
            requirements = List.copyOf(requirements);
        }
    }

    /**
     * A check over the steps of a case once they have all passed.
     *
     * @param section      the RFC section
     * @param requirements the labels it exercises
     * @param what         what it checks, in words
     * @param finding      the finding for the steps, if the check fails
     */
    public record Check(String section, List<String> requirements, String what,
                        Function<List<Step>, Optional<String>> finding) {
        public Check {
            requirements = List.copyOf(requirements);
        }
    }
}
