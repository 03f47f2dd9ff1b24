package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import tcpconform.sut.BrokenVariant;
import tcpconform.sut.Targets;

/** The harness has teeth: every deliberately broken variant of the own stack is caught. */
class BrokenVariantsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(BrokenVariant.Bug.class)
    @DisplayName("a broken variant is caught by the tour and by a shrunk random walk")
    void aBrokenVariantIsCaughtByTheTourAndByAShrunkWalk(BrokenVariant.Bug bug) {
        Campaign campaign = new Campaign(bug.profile(), Targets.broken(bug, bug.profile()), Expectations.bundled("own"));
        Tally tour = campaign.run(new Campaign.Settings(bug.profile(), EnumSet.of(Campaign.Suite.TOUR), 0, 1, 30), r -> { });
        assertTrue(tour.unexpectedCount() > 0, bug + " slipped through the tour");

        // What the application reads shows only where a walk injects in-window data and then calls
        // RECEIVE: fewer than one walk in a hundred does, so that variant gets ten times the walks.
        int n = bug == BrokenVariant.Bug.CORRUPTS_RECEIVED_DATA ? 3_000 : 300;
        Tally walks = campaign.run(new Campaign.Settings(bug.profile(), EnumSet.of(Campaign.Suite.WALKS), n, 1, 30), r -> { });
        List<CaseResult> caught = walks.unexpected();
        assertFalse(caught.isEmpty(), bug + " slipped through " + n + " walks");
        CaseResult shortest = caught.stream().min((a, b) -> Integer.compare(a.steps().size(), b.steps().size())).orElseThrow();
        assertTrue(shortest.name().endsWith("-shrunk") && shortest.title().contains("shrunk to"), shortest.title());
        assertTrue(shortest.steps().size() <= 12, "the shrunk walk is short: " + shortest.replay());
        System.out.println(bug.lower() + " (" + bug.what() + ") caught by " + shortest.title() + "\n  " + shortest.unexpected()
                + "\n" + shortest.replay());
    }
}
