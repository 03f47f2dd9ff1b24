package tcpconform.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tcpconform.cli.CommandLine;

/**
 * The main job of {@code mvn verify}: the own stack's campaign, every suite, under each profile
 * it supports, through the command line exactly as a user runs it, writing the Allure results
 * the reports module renders.
 */
class OwnStackCampaignIT {

    /** A fixed seed, so that the report of a build can be reproduced; the walks still vary by profile. */
    private static final String SEED = "20261121";

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"baseline", "rfc5961", "keepalive"})
    @DisplayName("the own stack's campaign has no unexpected outcome")
    void theOwnStacksCampaignHasNoUnexpectedOutcome(String profile) {
        String results = System.getProperty("tcpconform.results", "target/allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"run", "--target", "own", "--profile", profile, "--suite", "all",
                "--walks", "500", "--seed", SEED, "--results", results},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String summary = out.toString(StandardCharsets.UTF_8);
        System.out.println(summary);
        assertEquals(0, exit, summary);
    }
}
