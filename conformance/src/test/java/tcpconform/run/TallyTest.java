package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;
import tcpconform.run.Tally.Status;

/** How steps' verdicts become the conformance matrix's statuses. */
class TallyTest {

    private final Tally tally = new Tally(StateGraph.of(Profile.BASELINE));

    @Test
    void aFindingHoldsAgainstTheRequirementItNamesAndTheStepMeetsTheOthers() {
        add(step(Verdict.FAIL, List.of("MUST-13", "SHLD-31"), List.of("MUST-13")));
        assertEquals(Status.VIOLATED, status("MUST-13"));
        assertEquals(Status.MET, status("SHLD-31"));
    }

    @Test
    void aFindingThatNamesNoRequirementHoldsAgainstEveryLabelOfTheTransition() {
        add(step(Verdict.FAIL, List.of("MUST-13", "SHLD-31"), List.of("MUST-13", "SHLD-31")));
        assertEquals(Status.VIOLATED, status("MUST-13"));
        assertEquals(Status.DEVIATION, status("SHLD-31"));
    }

    @Test
    void aMayIsViolatedOnlyWhenTheFindingHoldsAgainstMaysAlone() {
        add(step(Verdict.FAIL, List.of("MAY-12"), List.of("MAY-12")));
        add(step(Verdict.FAIL, List.of("MAY-13", "MUST-13"), List.of("MAY-13", "MUST-13")));
        assertEquals(Status.VIOLATED, status("MAY-12"));
        assertEquals(Status.MET, status("MAY-13"));
    }

    @Test
    void theWorstStatusSeenStaysAndAnInconclusiveStepExercisesNothing() {
        add(step(Verdict.FAIL, List.of("MUST-13"), List.of("MUST-13")));
        add(step(Verdict.PASS, List.of("MUST-13"), List.of()));
        add(step(Verdict.INCONCLUSIVE, List.of("SHLD-31"), List.of()));
        assertEquals(Status.VIOLATED, status("MUST-13"));
        assertEquals(Status.NOT_EXERCISED, status("SHLD-31"));
    }

    private Status status(String label) {
        return tally.requirements().get(label);
    }

    private void add(Step step) {
        tally.add(new CaseResult("c", "test", "c", null, List.of(step), 1, List.of(), step.verdict(), ""));
    }

    private static Step step(Verdict verdict, List<String> labels, List<String> violated) {
        return new Step(0, Call.CLOSE, null, null, List.of(), List.of(), null, null, verdict, "", labels, violated,
                null, "3.6.1", 0);
    }
}
