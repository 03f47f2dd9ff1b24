package tcpconform.run;

import java.util.List;

/**
 * A case as run against a target.
 *
 * @param name        the case's stable name, e.g. {@code tour-007}
 * @param suite       the suite it belongs to
 * @param title       what the case shows, in words (scenarios), or empty
 * @param replay      a replayable description of the inputs
 * @param steps       the steps run; the case stops at the first finding
 * @param planned     the number of inputs the case has
 * @param verdict     the worst verdict of its steps
 * @param unexpected  what made the outcome differ from the model and the target's expectations, or empty
 */
public record CaseResult(String name, String suite, String title, String replay, List<Step> steps, int planned,
                         Verdict verdict, String unexpected) {

    public CaseResult {
        steps = List.copyOf(steps);
    }

    public boolean isUnexpected() {
        return !unexpected.isEmpty();
    }
}
