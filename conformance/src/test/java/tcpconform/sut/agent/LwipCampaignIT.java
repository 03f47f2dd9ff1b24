package tcpconform.sut.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.cli.CommandLine;

/**
 * lwIP (Debian's liblwip-dev) through the project's agent in {@code mvn verify}: the agent holds
 * the protocol, and the full campaign runs to its end through the command line, writing Allure
 * results. Skipped, with the reason, where the package is not installed ({@code .ci/run}
 * installs it).
 */
class LwipCampaignIT {

    private static final String SEED = "20261121";

    @BeforeAll
    static void lwipIsInstalled() {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/include/lwip/lwip/tcp.h")),
                "lwIP's headers are missing: apt-get install liblwip-dev");
    }

    @Test
    @DisplayName("the lwIP agent passes every check of the agent protocol")
    void theLwipAgentHoldsTheProtocol() {
        List<AgentCheck.Result> results = AgentCheck.run(BuiltAgents.command("lwip"));
        assertTrue(results.stream().allMatch(r -> r.outcome() == AgentCheck.Outcome.PASS), results::toString);
    }

    @Test
    @DisplayName("lwIP's full campaign runs to its end; every INCONCLUSIVE is a call the raw API cannot make, none an agent failure")
    void lwipsCampaignRunsThrough() throws IOException {
        String results = System.getProperty("tcpconform.results", "target/allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"run", "--target", "lwip", "--suite", "all", "--walks", "300",
                "--seed", SEED, "--results", results, "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String json = out.toString(StandardCharsets.UTF_8);
        // 1: lwIP departs from RFC 9293 (docs/findings.md); 0 would mean it no longer does.
        assertTrue(exit == 0 || exit == 1, "exit " + exit + ": " + json);
        assertTrue(json.contains("\"target\": \"lwip\"") || json.contains("\"target\":\"lwip\""), json);
        try (Stream<Path> files = Files.list(Path.of(results))) {
            List<String> failures = files.filter(f -> f.toString().endsWith("-result.json")).map(LwipCampaignIT::read)
                    .filter(r -> r.contains("\"lwip\"") && r.contains("INCONCLUSIVE")
                            && !r.contains("gives the application no handle")
                            && !r.contains("has nothing to abort it with"))
                    .toList();
            assertEquals(List.of(), failures.stream().map(r -> r.substring(0, Math.min(400, r.length()))).toList());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
