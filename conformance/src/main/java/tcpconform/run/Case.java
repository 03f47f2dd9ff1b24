package tcpconform.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tcpconform.codec.TcpOption;
import tcpconform.model.path.TestCase;
import tcpconform.sut.SystemUnderTest.Tuning;

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
 * @param tuning      the application's choices on the target: delayed ACKs and Nagle
 */
public record Case(String suite, String title, TestCase test, long peerIss, long seed,
                   Map<Integer, Decoration> decorations, List<Check> checks, Tuning tuning) {

    public Case {
        decorations = Map.copyOf(decorations);
        checks = List.copyOf(checks);
    }

    /** A plain case. */
    public static Case of(String suite, TestCase test, long peerIss, long seed) {
        return new Case(suite, "", test, peerIss, seed, Map.of(), List.of(), Tuning.MODEL);
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
     * @param fullSized     whether the segment carries a full-sized payload: as much as the
     *                      target's MSS allows (§3.7.1), rather than the model's few octets
     * @param requirements  the labels the decoration exercises
     */
    public record Decoration(List<TcpOption> options, int urgentPointer, boolean badChecksum, boolean fullSized,
                             List<String> requirements) {
        public Decoration {
            options = List.copyOf(options);
            requirements = List.copyOf(requirements);
        }

        /** A segment with these options. */
        public static Decoration withOptions(List<TcpOption> options, String... requirements) {
            return new Decoration(options, 0, false, false, List.of(requirements));
        }

        /** A segment with URG set and this urgent pointer. */
        public static Decoration urgent(int pointer, String... requirements) {
            return new Decoration(List.of(), pointer, false, false, List.of(requirements));
        }

        /** A segment whose checksum is wrong. */
        public static Decoration badChecksum(String... requirements) {
            return new Decoration(List.of(), 0, true, false, List.of(requirements));
        }

        /** A segment of data as large as the target's MSS allows. */
        public static Decoration fullSized(String... requirements) {
            return new Decoration(List.of(), 0, false, true, List.of(requirements));
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
