package tcpconform.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tcpconform.run.Tally;

/**
 * The requirements × targets matrix of every campaign whose Allure results share a directory
 * ({@code mvn verify} runs one per target and profile into {@code conformance/target/allure-results}).
 * Each campaign records its statuses beside its results, in {@code tcpconform-matrix/}, a file a column,
 * and rewrites the combined matrix from all that are there, so the last one leaves it complete.
 */
public final class CombinedMatrix {

    static final String DIR = "tcpconform-matrix";
    static final String NAME = "Conformance matrix of every target";
    /** The first line of a column's file: {@code # column: TARGET (PROFILE)}; then requirement, tab, status. */
    private static final String COLUMN = "# column: ";

    private CombinedMatrix() {
    }

    /** Records one campaign's statuses and rewrites the combined matrix of the directory. */
    public static void record(AllureResults results, String target, String profile, Tally tally) {
        Path dir = results.dir().resolve(DIR);
        String column = target + " (" + profile + ")";
        StringBuilder tsv = new StringBuilder(COLUMN).append(column).append('\n');
        tally.requirements().forEach((label, status) -> tsv.append(label).append('\t').append(status.name()).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName(column)), tsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, Tally.Status>> columns = read(dir);
        String intro = "Each of the requirements of RFC 9293 Appendix B, by target and profile: met, violated,"
                + " deviation or not exercised, as the campaigns in these results found them ("
                + columns.size() + " campaign" + (columns.size() == 1 ? "" : "s") + "). " + counts(columns);
        results.writeSharedReport(NAME, intro, "matrix", "text/html", "html",
                Matrix.html("RFC 9293 requirements × targets", intro, columns).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The file a column is kept in: its name made safe for any file system, with a digest of the
     * real name so that two targets whose names differ only in unsafe characters stay apart.
     */
    private static String fileName(String column) {
        String safe = column.replaceAll("[^A-Za-z0-9.,_-]+", "_");
        return safe + "-" + Integer.toHexString(column.hashCode()) + ".tsv";
    }

    /** The recorded columns, each named {@code TARGET (PROFILE)}, the own stack first. */
    static Map<String, Map<String, Tally.Status>> read(Path dir) {
        Map<String, Map<String, Tally.Status>> sorted = new TreeMap<>((a, b) -> {
            boolean ownA = a.startsWith("own "), ownB = b.startsWith("own ");
            return ownA != ownB ? (ownA ? -1 : 1) : a.compareTo(b);
        });
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".tsv")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            String column = null;
            Map<String, Tally.Status> statuses = new LinkedHashMap<>();
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.startsWith(COLUMN)) {
                        column = line.substring(COLUMN.length());
                    }
                    String[] cells = line.split("\t");
                    if (line.startsWith("#") || cells.length != 2) {
                        continue;
                    }
                    try {
                        statuses.put(cells[0], Tally.Status.valueOf(cells[1]));
                    } catch (IllegalArgumentException e) {
                        // a line of another version: the requirement shows as not exercised
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            if (column != null) {
                sorted.put(column, statuses);
            }
        }
        return sorted;
    }

    private static String counts(Map<String, Map<String, Tally.Status>> columns) {
        List<String> parts = new ArrayList<>();
        columns.forEach((column, statuses) -> parts.add(String.format(Locale.ROOT, "%s: %d met, %d violated, %d deviation",
                column, count(statuses, Tally.Status.MET), count(statuses, Tally.Status.VIOLATED),
                count(statuses, Tally.Status.DEVIATION))));
        return String.join("; ", parts) + ".";
    }

    private static long count(Map<String, Tally.Status> statuses, Tally.Status status) {
        return statuses.values().stream().filter(s -> s == status).count();
    }
}
