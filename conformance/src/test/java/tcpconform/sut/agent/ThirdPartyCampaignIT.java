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
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tcpconform.cli.CommandLine;

/**
 * The third-party stacks the project ships agents for, in {@code mvn verify}: lwIP (Debian's
 * liblwip-dev) and gVisor's netstack (golang-gvisor-gvisor-dev). Each agent passes the protocol's
 * own check, and each stack's full campaign runs to its end through the command line, writing
 * Allure results. A stack whose packages are missing is skipped with the reason ({@code .ci/run}
 * installs them).
 */
class ThirdPartyCampaignIT {

    private static final String SEED = "20261121";

    /** A file each stack's packages provide. */
    private static final Map<String, String> PREREQUISITE = Map.of(
            "lwip", "/usr/include/lwip/lwip/tcp.h",
            "gvisor", "/usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack/stack.go");

    private static void assumeInstalled(String stack) {
        Assumptions.assumeTrue(Files.exists(Path.of(PREREQUISITE.get(stack))),
                () -> stack + "'s packages are missing (" + PREREQUISITE.get(stack) + "): see .ci/run");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lwip", "gvisor"})
    @DisplayName("the stack's agent passes every check of the agent protocol")
    void theAgentHoldsTheProtocol(String stack) {
        assumeInstalled(stack);
        List<AgentCheck.Result> results = AgentCheck.run(BuiltAgents.command(stack));
        assertTrue(results.stream().allMatch(r -> r.outcome() == AgentCheck.Outcome.PASS), results::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lwip", "gvisor"})
    @DisplayName("the stack's full campaign runs to its end; every INCONCLUSIVE is a call its API cannot make, none an agent failure")
    void theCampaignRunsThrough(String stack) throws IOException {
        assumeInstalled(stack);
        String results = System.getProperty("tcpconform.results", "target/allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"run", "--target", stack, "--suite", "all", "--walks", "300",
                "--seed", SEED, "--results", results, "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String json = out.toString(StandardCharsets.UTF_8);
        // 1: the stack departs from RFC 9293 (docs/findings.md); 0 would mean it no longer does.
        assertTrue(exit == 0 || exit == 1, "exit " + exit + ": " + json);
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "no agent process is left running after the campaign");
        assertTrue(json.contains("\"target\": \"" + stack + "\"") || json.contains("\"target\":\"" + stack + "\""), json);
        try (Stream<Path> files = Files.list(Path.of(results))) {
            List<String> failures = files.filter(f -> f.toString().endsWith("-result.json")).map(ThirdPartyCampaignIT::read)
                    .filter(r -> r.contains("\"parentSuite\",\"value\":\"" + stack + "\"") && r.contains("INCONCLUSIVE")
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
