package tcpconform.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A campaign's outcomes written as an expectations file: the baseline a later run of the same
 * campaign is compared with, so that it tells at once whether the target's behaviour changed.
 *
 * <p>Every finding a step or a check gave is listed under its key, with the first finding's text
 * as the reason, unless the expectations the campaign ran with already list it (their reason is
 * kept: it may be the traced cause). A key that also passed, or gave two verdicts, after other
 * histories is marked {@code ?}. Entries of the old expectations whose key the campaign did not
 * exercise are kept as they were; those it exercised without their verdict happening are dropped.
 * A step the target's interface could not take is no finding and is not listed.
 */
public final class Baseline {

    private static final int MAX_REASON = 400;

    private final Expectations old;
    /** key -> verdict -> the first finding with it. */
    private final Map<String, Map<Verdict, String>> findings = new TreeMap<>();
    private final Set<String> passed = new HashSet<>();
    private final Set<String> exercised = new HashSet<>();

    /** A baseline of a campaign that runs with {@code old} as its expectations. */
    public Baseline(Expectations old) {
        this.old = old;
    }

    /** Takes one case's outcomes. */
    public synchronized void add(CaseResult r) {
        for (Step s : r.steps()) {
            if (Runner.cannotTake(s)) {
                continue;
            }
            note(old.keyOf(s), s.verdict(), s.finding());
        }
        for (CaseResult.CheckOutcome c : r.checks()) {
            note(Expectations.checkKey(c.what()), c.verdict(), c.finding() + " (§" + c.section() + " " + String.join(" ", c.requirements()) + ")");
        }
    }

    private void note(String key, Verdict verdict, String finding) {
        exercised.add(key);
        if (verdict.isFinding()) {
            findings.computeIfAbsent(key, k -> new EnumMap<>(Verdict.class)).putIfAbsent(verdict, finding);
        } else {
            passed.add(key);
        }
    }

    /** The number of entries {@link #text} lists. */
    public synchronized int size() {
        return entries().size();
    }

    /** The expectations file, after a header of comment lines (each without its {@code #}). */
    public synchronized String text(List<String> header) {
        StringBuilder s = new StringBuilder();
        for (String line : header) {
            s.append("# ").append(line).append('\n');
        }
        for (Expectations.Entry e : entries()) {
            s.append(e.verdict().name()).append(e.sometimes() ? "?" : "").append('\t').append(e.key()).append('\t')
                    .append(e.why()).append('\n');
        }
        return s.toString();
    }

    /** Writes {@link #text} to a file. */
    public void write(Path file, List<String> header) throws IOException {
        Files.writeString(file, text(header), StandardCharsets.UTF_8);
    }

    private List<Expectations.Entry> entries() {
        Map<String, List<Expectations.Entry>> all = new TreeMap<>();
        findings.forEach((key, byVerdict) -> {
            boolean sometimes = byVerdict.size() > 1 || passed.contains(key);
            byVerdict.forEach((verdict, finding) -> {
                Expectations.Entry listed = old.find(key, verdict).orElse(null);
                String why = listed != null ? listed.why() : "observed: " + oneLine(finding);
                all.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Expectations.Entry(verdict, key, why, sometimes || listed != null && listed.sometimes()));
            });
        });
        for (Expectations.Entry e : old.entries()) {
            if (!exercised.contains(e.key())) {
                all.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
        }
        return all.values().stream().flatMap(List::stream).toList();
    }

    private static String oneLine(String finding) {
        String s = finding.replaceAll("[\\t\\r\\n]+", " ").strip();
        if (s.isEmpty()) {
            s = "(no text)";
        }
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 1) + "…";
    }
}
