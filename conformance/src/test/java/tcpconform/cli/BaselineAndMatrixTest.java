package tcpconform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --write-expectations}: a campaign's departures recorded as the baseline the next run
 * compares with; and the requirements × targets matrix of every campaign in a results directory.
 */
class BaselineAndMatrixTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int scenarios(String target, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--target", target, "--suite", "scenarios", "--seed", "7"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aRecordedBaselineMakesTheSameCampaignComeOutAsExpected() throws IOException {
        Path baseline = dir.resolve("broken.tsv");
        assertEquals(1, scenarios("broken:no-time-wait", "--write-expectations", baseline.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected outcomes written to " + baseline));
        assertEquals(0, scenarios("broken:no-time-wait", "--expectations", baseline.toString()),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBaselineListsEachDepartureWithWhatWasObserved() throws IOException {
        Path baseline = dir.resolve("broken.tsv");
        scenarios("broken:no-time-wait", "--write-expectations", baseline.toString());
        List<String> entries = Files.readAllLines(baseline).stream().filter(l -> !l.startsWith("#")).toList();
        assertFalse(entries.isEmpty());
        assertTrue(entries.stream().allMatch(l -> l.matches("(FAIL|DEVIATION|INCONCLUSIVE)\\??\t[A-Z0-9?-]+ \\S.*\t.+")), entries::toString);
        assertTrue(entries.stream().anyMatch(l -> l.startsWith("FAIL\t")
                && l.endsWith("\tobserved: the target is in CLOSED, the model in TIME-WAIT")), entries::toString);
    }

    @Test
    void aReasonTheOldExpectationsGaveIsKept() throws IOException {
        Path first = dir.resolve("first.tsv");
        scenarios("broken:no-time-wait", "--write-expectations", first.toString());
        String line = Files.readAllLines(first).stream().filter(l -> l.startsWith("FAIL\t")).findFirst().orElseThrow();
        String[] f = line.split("\t");
        Path traced = dir.resolve("traced.tsv");
        Files.writeString(traced, f[0] + "\t" + f[1] + "\tthe cause, traced to the source\n");
        Path second = dir.resolve("second.tsv");
        scenarios("broken:no-time-wait", "--expectations", traced.toString(), "--write-expectations", second.toString());
        assertTrue(Files.readAllLines(second).contains(f[0] + "\t" + f[1] + "\tthe cause, traced to the source"));
    }

    @Test
    void aBaselineOfSeveralTargetsAtOnceIsAUsageError() {
        assertEquals(2, scenarios("own,broken:no-time-wait", "--write-expectations", dir.resolve("x.tsv").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("run each target alone"));
    }

    @Test
    void aBaselineThatCannotBeWrittenIsRefusedBeforeTheCampaign() {
        assertEquals(2, scenarios("own", "--write-expectations", dir.resolve("no/such/dir/x.tsv").toString()));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void campaignsSharingAResultsDirectoryGetOneMatrixWithAColumnEach() throws IOException {
        Path results = dir.resolve("results");
        scenarios("own", "--results", results.toString());
        scenarios("broken:off-by-one-ack", "--results", results.toString());
        String matrix = Files.readString(results.resolve("tcpconform-conformance-matrix-of-every-target-attachment.html"));
        assertTrue(matrix.contains("<th>own (baseline)</th><th>broken:off-by-one-ack (baseline)</th>"),
                matrix.substring(0, 1500));
        assertTrue(Files.exists(results.resolve("tcpconform-conformance-matrix-of-every-target-result.json")));
        assertTrue(matrix.contains("<td>MUST-8</td>"));
    }
}
