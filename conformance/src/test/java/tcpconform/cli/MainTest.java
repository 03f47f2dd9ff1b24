package tcpconform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model", "run", "requirements", "interop", "check", "agent-check"})
    void everyCommandsHelpPrintsItsUsageAndExitsZero(String command) {
        assertEquals(0, run(command, "--help"));
        assertTrue(out().startsWith("usage: tcpconform " + command + " ") || out().startsWith("usage: tcpconform " + command + "\n"),
                out());
        assertTrue(out().lines().count() > 1, out());
        assertEquals("", err());
    }

    @Test
    void modelJsonListsStatesAndTransitionsWithTheirFields() {
        assertEquals(0, run("model", "--format", "json"));
        String json = out();
        assertTrue(json.contains("\"states\": [\"CLOSED\", \"LISTEN\", \"SYN-SENT\""));
        assertTrue(json.contains("{\"from\": \"LISTEN\", \"to\": \"SYN-RECEIVED\", \"input\": \"<S seq:any>\""));
        assertTrue(json.contains("\"section\": \"3.10.7.4\""));
        assertTrue(json.contains("\"requirements\": [\"MUST-10\"]"));
    }

    @Test
    void modelDotAndMermaidDrawTheDiagram() {
        assertEquals(0, run("model", "--format", "dot"));
        assertTrue(out().startsWith("digraph tcp {"));
        assertTrue(out().contains("\"SYN-SENT\" -> \"SYN-RECEIVED\""));
        out.reset();
        assertEquals(0, run("model", "--format", "mermaid"));
        assertTrue(out().startsWith("stateDiagram-v2"));
        assertTrue(out().contains("FIN_WAIT_1 --> CLOSING"));
    }

    @Test
    void runAgainstTwoTargetsReportsWhereTheyDifferWithTheRequirement() {
        assertEquals(1, run("run", "--target", "own,broken:off-by-one-ack", "--suite", "scenarios", "--seed", "3", "--json"));
        String json = out().replaceAll("\\s+", "");
        assertTrue(json.contains("\"targets\":[\"own\",\"broken:off-by-one-ack\"]"), json);
        assertTrue(json.contains("{\"case\":\"handshake-passive\",\"step\":2,\"input\":\"LISTEN<Sseq:any>\","
                + "\"section\":\"3.10.7.2\",\"requirements\":[\"MUST-8\"],\"targets\":{\"own\":{\"verdict\":\"pass\""), json);
        assertTrue(json.contains("\"broken:off-by-one-ack\":{\"verdict\":\"fail\""), json);
    }

    @Test
    void aShrunkWalkReplaysFromItsLineWithTheSameUnexpectedStep() {
        assertEquals(1, run("run", "--target", "broken:off-by-one-ack", "--suite", "walks", "--walks", "20", "--seed", "5",
                "--json"));
        Matcher line = Pattern.compile("walk \\d+ of seed 5 .*?target-seed -?\\d+").matcher(out());
        assertTrue(line.find(), out());
        Matcher step = Pattern.compile("\"reason\": \"(step \\d+):").matcher(out());
        assertTrue(step.find(), out());
        out.reset();
        assertEquals(1, run("run", "--target", "broken:off-by-one-ack", "--replay", line.group(), "--json"));
        assertTrue(out().contains("\"unexpected\": \"" + step.group(1) + ":"), out());
        out.reset();
        assertEquals(0, run("run", "--target", "own", "--replay", line.group()), "the correct stack takes the same walk");
    }

    @Test
    void aReplayLineThatIsNotOneIsAOneLineUsageError() {
        assertEquals(2, run("run", "--replay", "prefix [listen, <S seq:sideways>] choices [] peer-iss 5 target-seed 1"));
        assertEquals("tcpconform: --replay: the prefix names an input the model does not have: '<S seq:sideways>'",
                err().strip());
    }

    @Test
    void theSameTargetTwiceIsAUsageError() {
        assertEquals(2, run("run", "--target", "own,own"));
        assertTrue(err().contains("name each target once"), err());
    }

    @Test
    void badInteropOptionsAreOneLineUsageErrorsBeforeAnythingRuns() {
        assertEquals(2, run("interop", "--bytes", "lots"));
        assertEquals("tcpconform: interop: --bytes must be a positive number, not 'lots'", err().strip());
        assertEquals(2, run("interop", "--mtu", "100000"));
        assertTrue(err().contains("--mtu must lie between 576 and 65535, not '100000'"), err());
        assertEquals("", out());
    }

    @Test
    void aBadFormatIsAOneLineErrorWithExitCode2() {
        assertEquals(2, run("model", "--format", "svg"));
        assertEquals("tcpconform: model: --format must be dot, mermaid or json, not 'svg'", err().strip());
        assertEquals("", out());
    }

    @Test
    void aMissingValueAnUnknownOptionAndAnUnknownCommandAreUsageErrors() {
        assertEquals(2, run("model", "--format"));
        assertEquals(2, run("model", "--colour"));
        assertEquals(2, run("modle"));
        assertEquals(2, run("model", "--profile", "bsd"));
        assertEquals(4, err().strip().lines().count());
    }

    @Test
    void runPrintsTheSummaryObjectWithEveryFieldAndExitsWith0WhenAllIsAsExpected() {
        assertEquals(0, run("run", "--target", "own", "--suite", "all", "--walks", "50", "--seed", "7", "--json"));
        String json = out();
        for (String field : new String[] {"\"target\": \"own\"", "\"suite\": \"all\"", "\"cases\": ",
                "\"transitions_total\": ", "\"transitions_covered\": ", "\"states_covered\": 11", "\"verdicts\": {",
                "\"pass\": ", "\"fail\": ", "\"deviation\": ", "\"note\": ", "\"inconclusive\": ",
                "\"unexpected\": 0", "\"requirements\": {", "\"exercised\": ", "\"met\": ", "\"violated\": ",
                "\"seconds\": "}) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(json.matches("(?s).*\"transitions_total\": (\\d+),\\s+\"transitions_covered\": \\1,.*"),
                "every transition is covered: " + json);
    }

    @Test
    void aBrokenTargetGivesExitCode1AndNamesWhatWasUnexpected() {
        assertEquals(1, run("run", "--target", "broken:wrong-rst-sequence-number", "--suite", "scenarios", "--seed", "1"));
        assertTrue(out().contains("unexpected   "), out());
        assertTrue(out().contains("(§3.10.7.1)") || out().contains("(§3.5.2)") || out().contains("§3.10.5"), out());
    }

    @Test
    void agentCheckWithoutACommandAndAnEmptyAgentTargetAreOneLineUsageErrors() {
        assertEquals(2, run("agent-check"));
        assertEquals(2, run("run", "--target", "agent:"));
        assertEquals(2, run("run", "--target", "agent:exit 3"));
        assertEquals(3, err().strip().lines().count(), err());
        assertTrue(err().contains("agent-check takes one argument"), err());
        assertTrue(err().contains("--target agent:COMMAND needs the command"), err());
        assertTrue(err().contains("status 3"), err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"check", "check /nonexistent.pcap", "check /etc/hostname", "check /etc --json",
            "run --results /proc/1/results", "run --replay garbage", "run --write-expectations /nonexistent/x.tsv",
            "run --max-walk-length 0", "run --seed 1.5", "requirements --suite tour", "requirements --replay x",
            "agent-check a b", "interop --mtu many", "model --all-edges --format"})
    void everyBadInputIsOneLineOnStandardErrorAndExitCode2(String line) {
        assertEquals(2, run(line.split(" ")), out());
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(err().startsWith("tcpconform: "), err());
        if (!line.startsWith("check /etc/")) {
            assertEquals("", out()); // check still reports what it read before the damage
        }
    }

    @Test
    void badRunOptionsAreOneLineUsageErrors() {
        assertEquals(2, run("run", "--target", "bsd"));
        assertTrue(err().startsWith("tcpconform: unknown target 'bsd' (known: own, linux, lwip, gvisor, slirp, agent:COMMAND, broken:"),
                err());
        assertEquals(2, run("run", "--walks", "many"));
        assertEquals(2, run("run", "--suite", "everything"));
        assertEquals(2, run("run", "--expectations", "/nonexistent/own.tsv"));
        assertEquals(4, err().strip().lines().count(), err());
    }

    @Test
    void requirementsPrintsOneLineForEachOfThe119Requirements() {
        assertEquals(0, run("requirements", "--walks", "20", "--seed", "3"));
        long rows = out().lines().filter(l -> l.matches("(MUST|SHLD|MAY|REC)-\\d+ .*")).count();
        assertEquals(119, rows);
        assertTrue(out().contains("MUST-13  MUST        3.6.1     met"), out());
    }

    @Test
    void resultsAreWrittenForAllure(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertEquals(0, run("run", "--suite", "scenarios", "--seed", "2", "--results", dir.toString()));
        try (var files = java.nio.file.Files.list(dir)) {
            var names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("environment.properties"));
            assertTrue(names.stream().filter(n -> n.endsWith("-result.json")).count() > 40, names.toString());
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".pcap")));
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".svg")));
        }
    }
}
