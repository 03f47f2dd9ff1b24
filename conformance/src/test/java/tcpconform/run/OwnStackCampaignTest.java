package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tcpconform.model.profile.Profile;
import tcpconform.sut.Targets;

/** The own stack against every suite, under each profile it can be set up for. */
class OwnStackCampaignTest {

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"baseline", "rfc5961", "keepalive"})
    @DisplayName("the own stack covers every transition of the graph with no unexpected outcome")
    void theOwnStackCoversEveryTransitionWithNoUnexpectedOutcome(String name) {
        Profile profile = Profile.named(name);
        Campaign campaign = new Campaign(profile, Targets.own(profile), Expectations.bundled("own"));
        Tally tally = campaign.run(new Campaign.Settings(profile, EnumSet.allOf(Campaign.Suite.class), 300, 20261121L, 30),
                result -> { });
        String unexpected = tally.unexpected().stream().map(c -> c.name() + ": " + c.unexpected() + " " + c.title())
                .collect(Collectors.joining("\n"));
        assertEquals(0, tally.unexpectedCount(), unexpected + tally.staleExpectations());
        assertEquals(tally.transitionsTotal(), tally.transitionsCovered(), "every transition is exercised");
        assertEquals(11, tally.statesCovered());
    }
}
