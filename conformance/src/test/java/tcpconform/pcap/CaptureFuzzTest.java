package tcpconform.pcap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;

import com.code_intelligence.jazzer.junit.FuzzTest;

import tcpconform.check.CaptureCheck;
import tcpconform.model.profile.Profile;

/**
 * Coverage-guided fuzzing of the capture reader and the passive checker behind {@code check}
 * (Jazzer): whatever the file holds, the check returns (no exception escapes), a damaged or
 * unsupported file is reported in one line, and the counts stay consistent.
 *
 * <p>{@code mvn test} replays the corpus in {@code CaptureFuzzTestInputs/} (pcap with raw IP,
 * Ethernet, Linux cooked and BSD null link types, and pcapng, each holding a short connection);
 * {@code JAZZER_FUZZ=1} makes Jazzer search for new inputs for the test's {@code maxDuration}, and
 * {@code mvn verify} does that for a bounded time (docs/benchmarks.md).
 */
class CaptureFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyFileIsCheckedOrRefusedInOneLine(byte[] file) {
        CaptureCheck.Summary s = CaptureCheck.check(new ByteArrayInputStream(file), "fuzzed.pcap", Profile.known(),
                r -> { }, null);
        if (s.error() != null) {
            assertFalse(s.error().isBlank());
            assertFalse(s.error().contains("\n"), s.error());
        }
        assertTrue(s.packets() >= 0 && s.tcpSegments() >= 0 && s.tcpSegments() <= s.packets(),
                s.packets() + " packets, " + s.tcpSegments() + " TCP segments");
        assertTrue(s.connections() >= 0);
    }
}
