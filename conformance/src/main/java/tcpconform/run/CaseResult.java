package tcpconform.run;

import java.util.List;

import tcpconform.model.path.TestCase;

/**
 * A case as run against a target.
 *
 * @param name        the case's stable name, e.g. {@code tour-007}
 * @param suite       the suite it belongs to
 * @param title       what the case shows, in words (scenarios), or empty
 * @param test        the inputs, with the transitions the model takes
 * @param steps       the steps run; the case stops at the first finding
 * @param planned     the number of inputs the case has
 * @param checks      the outcomes of the case's checks over all its steps
 * @param verdict     the worst verdict of its steps and checks
 * @param unexpected  what made the outcome differ from the model and the target's expectations, or empty
 */
public record CaseResult(String name, String suite, String title, TestCase test, List<Step> steps, int planned,
                         List<CheckOutcome> checks, Verdict verdict, String unexpected) {

    public CaseResult {
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
    }

    /** A check over the whole case, and how it went. */
    public record CheckOutcome(String what, String section, List<String> requirements, Verdict verdict, String finding) {
        public CheckOutcome {
            requirements = List.copyOf(requirements);
        }
    }

    /** A replayable description of the inputs, one transition a line. */
    public String replay() {
        return test.describe();
    }

    public boolean isUnexpected() {
        return !unexpected.isEmpty();
    }
}
