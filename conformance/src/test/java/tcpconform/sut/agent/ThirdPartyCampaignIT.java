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
 * liblwip-dev), gVisor's netstack (golang-gvisor-gvisor-dev) and libslirp (libslirp-dev). Each
 * agent passes the protocol's own check, and each stack's full campaign runs to its end through the
 * command line, writing Allure results, and comes out as the stack's expectations file says, so that
 * a change in the stack's behaviour (or in the agent's) fails the build. A stack whose packages are
 * missing is skipped with the reason ({@code .ci/run} installs them).
 */
class ThirdPartyCampaignIT {

    private static final String SEED = "20261121";

    /** A file each stack's packages provide. */
    private static final Map<String, String> PREREQUISITE = Map.of(
            "lwip", "/usr/include/lwip/lwip/tcp.h",
            "gvisor", "/usr/share/gocode/src/gvisor.dev/gvisor/pkg/tcpip/stack/stack.go",
            "slirp", "/usr/include/slirp/libslirp.h");

    private static void assumeInstalled(String stack) {
        Assumptions.assumeTrue(Files.exists(Path.of(PREREQUISITE.get(stack))),
                () -> stack + "'s packages are missing (" + PREREQUISITE.get(stack) + "): see .ci/run");
        if (stack.equals("slirp")) {
            Assumptions.assumeTrue(root(), "libslirp's agent makes a network namespace of its own, which needs root");
        }
    }

    private static boolean root() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lwip", "gvisor", "slirp"})
    @DisplayName("the stack's agent passes every check of the agent protocol")
    void theAgentHoldsTheProtocol(String stack) {
        assumeInstalled(stack);
        List<AgentCheck.Result> results = AgentCheck.run(BuiltAgents.command(stack));
        assertTrue(results.stream().allMatch(r -> r.outcome() == AgentCheck.Outcome.PASS), results::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lwip", "gvisor", "slirp"})
    @DisplayName("the stack's full campaign comes out as its expectations say; every INCONCLUSIVE is a call its API cannot make, none an agent failure")
    void theCampaignRunsThrough(String stack) throws IOException {
        assumeInstalled(stack);
        String results = System.getProperty("tcpconform.results", "target/allure-results");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CommandLine.run(new String[] {"run", "--target", stack, "--suite", "all", "--walks", "300",
                "--seed", SEED, "--results", results, "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String json = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, () -> "the outcomes differ from expectations/" + stack + ".tsv (re-record it with"
                + " run --write-expectations if the change is understood): …" + json.substring(Math.max(0, json.length() - 4000)));
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(),
                "no agent process is left running after the campaign");
        assertTrue(json.contains("\"target\": \"" + stack + "\"") || json.contains("\"target\":\"" + stack + "\""), json);
        try (Stream<Path> files = Files.list(Path.of(results))) {
            List<String> failures = files.filter(f -> f.toString().endsWith("-result.json")).map(ThirdPartyCampaignIT::read)
                    .filter(r -> r.contains("\"parentSuite\",\"value\":\"" + stack + "\"") && r.contains("INCONCLUSIVE")
                            // what the agent declared it cannot do (CANNOT), not a failure of the agent
                            && !r.contains(": " + stack + " agent: "))
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
