package tcpconform.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tcpconform.model.graph.Transition;

/**
 * A target's known and justified departures from the model: in a state, on an input, the verdict
 * the target gets, and why that is acceptable. An outcome that is neither what the model
 * predicts nor listed here is unexpected, and so is an entry that no longer happens.
 *
 * <p>The file has one entry a line, three tab-separated fields: the verdict ({@code FAIL},
 * {@code DEVIATION} or {@code INCONCLUSIVE}), the key ({@code STATE input}, e.g.
 * {@code SYN-RECEIVED <R seq:exact>}, optionally followed by the edge's condition in brackets,
 * {@code SYN-RECEIVED <R seq:exact> [opened actively]}), and the justification. Blank lines and lines starting
 * with {@code #} are comments. A verdict with a {@code ?} ({@code FAIL?}) marks a finding that
 * happens only after some histories the key cannot tell apart (what the kernel has queued, how
 * far its timers have run): it is expected when it happens and is not reported when it does not.
 * A key may be listed twice, with two verdicts, where the target does two different things on it
 * after different histories.
 */
public final class Expectations {

    /** One listed outcome. */
    public record Entry(Verdict verdict, String key, String why, boolean sometimes) {
    }

    private final String source;
    private final Map<String, List<Entry>> byKey;
    /** The states the keys name, so that most steps need no key built. */
    private final Set<String> states = new HashSet<>();

    private Expectations(String source, Map<String, List<Entry>> byKey) {
        this.source = source;
        this.byKey = byKey;
        for (String key : byKey.keySet()) {
            states.add(key.split(" ", 2)[0]);
        }
    }

    /** Whether an entry could name the step: cheap, before building its key. */
    public boolean mayList(Step step) {
        return step.listedAs() != null
                || step.transition() != null && states.contains(step.transition().from().toString());
    }

    /** No departures expected. */
    public static Expectations none() {
        return new Expectations("none", Map.of());
    }

    /** The expectations shipped for a target ({@code tcpconform/expectations/NAME.tsv}), or none. */
    public static Expectations bundled(String target) {
        String resource = "/tcpconform/expectations/" + target + ".tsv";
        try (InputStream in = Expectations.class.getResourceAsStream(resource)) {
            if (in == null) {
                return none();
            }
            return parse(resource, new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an expectations file.
     *
     * @throws IllegalArgumentException with the file, line and reason if it is not valid
     */
    public static Expectations read(Path file) {
        try {
            return parse(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read expectations file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses expectations from text (for tests). */
    public static Expectations parse(String source, String text) {
        try {
            return parse(source, new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Expectations parse(String source, Reader reader) throws IOException {
        Map<String, List<Entry>> map = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(reader)) {
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 3 || f[1].isBlank() || f[2].isBlank()) {
                    throw new IllegalArgumentException(source + ":" + n
                            + ": expected three tab-separated fields (verdict, STATE input, justification)");
                }
                Verdict v;
                String verdict = f[0].trim();
                boolean sometimes = verdict.endsWith("?");
                try {
                    v = Verdict.valueOf(verdict.substring(0, verdict.length() - (sometimes ? 1 : 0)).toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + n + ": unknown verdict '" + f[0] + "'", e);
                }
                if (!v.isFinding()) {
                    throw new IllegalArgumentException(source + ":" + n + ": only FAIL, DEVIATION or INCONCLUSIVE can be expected");
                }
                String key = f[1].trim();
                List<Entry> listed = map.computeIfAbsent(key, k -> new ArrayList<>());
                if (listed.stream().anyMatch(e -> e.verdict() == v)) {
                    throw new IllegalArgumentException(source + ":" + n + ": '" + key + "' is listed twice with " + v);
                }
                listed.add(new Entry(v, key, f[2].trim(), sometimes));
            }
        }
        return new Expectations(source, map);
    }

    /** Where these expectations come from. */
    public String source() {
        return source;
    }

    /**
     * The key a step is listed under: {@code STATE input}, as in the replay lines, or, where the
     * step's edge has a condition and the file lists it, {@code STATE input [condition]}, for a
     * behaviour that differs between parallel edges (a passive or an active SYN-RECEIVED). A step
     * whose findings are all of something the target does whatever the input (a timer of its own,
     * an ACK numbered at the window's edge) is listed under that finding's key.
     */
    public String keyOf(Step step) {
        if (step.listedAs() != null) {
            return step.listedAs();
        }
        Transition t = step.transition();
        return t == null ? "? " + step.input().label() : keyOf(t);
    }

    /** An edge's key: {@code STATE input}, or with {@code [condition]} where the file lists that. */
    private String keyOf(Transition t) {
        String key = t.from() + " " + t.input().label();
        String specific = key + " [" + t.condition() + "]";
        return !t.condition().isEmpty() && byKey.containsKey(specific) ? specific : key;
    }

    /**
     * Whether the target departs from the model on an edge whatever the history: an entry for the
     * edge's key without a {@code ?}. The tour takes such an edge last in its case, since a case
     * stops at its first finding.
     */
    public boolean departsOn(Transition t) {
        return find(keyOf(t)).stream().anyMatch(e -> !e.sometimes());
    }

    /**
     * The entries for a step's key: usually one, two where the target behaves in two ways on one
     * key after different histories (each then marked {@code ?}).
     */
    public List<Entry> find(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** The key a check over a whole case is listed under: {@code check WHAT}. */
    public static String checkKey(String what) {
        return "check " + what;
    }

    /** Every entry, in the order of the file. */
    public List<Entry> entries() {
        return byKey.values().stream().flatMap(List::stream).toList();
    }

    /** The entry for a key with this verdict, if any. */
    public Optional<Entry> find(String key, Verdict verdict) {
        return find(key).stream().filter(e -> e.verdict() == verdict).findFirst();
    }

    /** Whether a finding is listed with exactly this verdict. */
    public boolean expects(String key, Verdict verdict) {
        return find(key, verdict).isPresent();
    }

}
