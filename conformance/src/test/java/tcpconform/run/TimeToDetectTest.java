package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.OptionalInt;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.profile.Profile;
import tcpconform.sut.BrokenVariant;
import tcpconform.sut.Targets;

/** The count of walks until a departure is caught is the walks suite's own, walk for walk. */
class TimeToDetectTest {

    private static final long SEED = 3;

    @Test
    @DisplayName("the walks until the first unexpected outcome are the first walks of the walks suite with that seed")
    void theCountMatchesTheWalksSuite() {
        BrokenVariant.Bug bug = BrokenVariant.Bug.WRONG_RST_SEQUENCE_NUMBER;
        OptionalInt caught = campaign(bug).walksUntilUnexpected(bug.profile(), SEED, 200, 30);
        assertTrue(caught.isPresent(), "200 walks catch " + bug);
        int n = caught.getAsInt();
        assertEquals(0, walks(bug, n - 1).unexpectedCount(), "the walks before it pass");
        assertEquals(1, walks(bug, n).unexpectedCount(), "the walk it names is the first caught");
    }

    @Test
    @DisplayName("the correct stack is never caught")
    void theCorrectStackIsNotCaught() {
        Campaign c = new Campaign(Profile.BASELINE, Targets.own(Profile.BASELINE), Expectations.bundled("own"));
        assertTrue(c.walksUntilUnexpected(Profile.BASELINE, SEED, 300, 30).isEmpty());
    }

    private static Campaign campaign(BrokenVariant.Bug bug) {
        return new Campaign(bug.profile(), Targets.broken(bug, bug.profile()), Expectations.bundled("own"));
    }

    private static Tally walks(BrokenVariant.Bug bug, int n) {
        return campaign(bug).run(new Campaign.Settings(bug.profile(), EnumSet.of(Campaign.Suite.WALKS), n, SEED, 30), r -> { });
    }
}
