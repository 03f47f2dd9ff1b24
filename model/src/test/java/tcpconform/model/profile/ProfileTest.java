package tcpconform.model.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void theBaselineMakesNoChoiceBeyondRfc9293() {
        assertEquals(0, Profile.BASELINE.choices().size());
        assertEquals(2 * Profile.MSL_MILLIS, Profile.BASELINE.timeWaitMillis());
    }

    @Test
    void everyChoiceOfTheLinuxProfileCitesTheTextThatAllowsIt() {
        assertEquals(4, Profile.LINUX.choices().size());
        assertTrue(Profile.LINUX.choices().stream().allMatch(c -> c.allowedBy().contains("RFC")));
    }

    @Test
    void anUnknownProfileNameSaysWhichAreKnown() {
        var e = assertThrows(IllegalArgumentException.class, () -> Profile.named("bsd"));
        assertTrue(e.getMessage().contains("known: baseline, rfc5961, keepalive, linux"));
    }
}
