package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;
import tcpconform.sut.CannotTake;
import tcpconform.sut.ForwardingTarget;
import tcpconform.sut.OwnStackTarget;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.TargetFactory;

/** How a campaign runs its cases: on several workers at once, and past inputs a target cannot take. */
class CampaignWorkersTest {

    private static final Profile PROFILE = Profile.BASELINE;

    @Test
    @DisplayName("Cases run on several workers come out in the cases' order, with the verdicts they get on one")
    // The scenarios, not the tour: JGraphT's tour depends on hash codes that differ between two
    // computations in one JVM, so two campaigns may split the tour into different cases.
    void severalWorkersGiveTheSameResultsInTheSameOrder() {
        assertEquals(outcomes(1), outcomes(4));
    }

    @Test
    @DisplayName("§3.9.1: an input the target's interface cannot express is INCONCLUSIVE, expected, and ends the case")
    void anInputTheTargetCannotTakeIsAnExpectedInconclusive() {
        TargetFactory noShutdown = TargetFactory.of("no-shutdown", (seed, tuning) -> new RefusesShutdown(
                OwnStackTarget.forProfile(PROFILE, seed, tuning)));
        Case c = Scenarios.all(PROFILE, 1).stream().filter(s -> s.name().equals("close-four-way-active"))
                .findFirst().orElseThrow();
        CaseResult r = new Runner(StateGraph.of(PROFILE), noShutdown, Expectations.bundled("own")).run(c);
        Step last = r.steps().get(r.steps().size() - 1);
        assertEquals(Call.SHUTDOWN, last.input());
        assertEquals(Verdict.INCONCLUSIVE, last.verdict());
        assertTrue(last.finding().endsWith("the test says no"), last.finding());
        assertFalse(r.isUnexpected(), r.unexpected());
    }

    private static List<String> outcomes(int workers) {
        TargetFactory own = TargetFactory.of("own", workers, (seed, tuning) -> OwnStackTarget.forProfile(PROFILE, seed, tuning));
        Campaign campaign = new Campaign(PROFILE, own, Expectations.bundled("own"));
        List<String> seen = new ArrayList<>();
        campaign.run(new Campaign.Settings(PROFILE, EnumSet.of(Campaign.Suite.SCENARIOS), 0, 7, 30),
                r -> seen.add(r.name() + " " + r.verdict() + " " + r.steps().size()));
        return seen;
    }

    /** The own stack, with an application side that has no way to shut a connection down. */
    private static final class RefusesShutdown extends ForwardingTarget {
        RefusesShutdown(SystemUnderTest inner) {
            super(inner);
        }

        @Override
        public String name() {
            return "no-shutdown";
        }

        @Override
        public String description() {
            return "cannot shut down";
        }

        @Override
        public void call(Call call) {
            if (call == Call.SHUTDOWN) {
                throw new CannotTake("the test says no");
            }
            super.call(call);
        }
    }
}
