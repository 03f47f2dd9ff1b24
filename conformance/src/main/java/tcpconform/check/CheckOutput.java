package tcpconform.check;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import tcpconform.report.Json;

/** The forms a check's results take: text for a terminal, JSON, and Allure results. */
public final class CheckOutput {

    private CheckOutput() {
    }

    // -------------------------------------------------------------------------------- text

    /** Prints each connection's trajectory as it ends ({@code all}), or only those with violations. */
    public static Consumer<ConnectionResult> text(PrintStream out, boolean all) {
        return r -> {
            if (!all && r.violationCount() == 0) {
                return;
            }
            // Concatenated rather than formatted: a line for every connection of a large capture.
            out.println("connection " + r.id() + "  " + r.tuple() + "  packets " + r.firstPacket() + "-"
                    + r.lastPacket() + " (" + r.packets() + ")  ends " + r.finalStates() + "  "
                    + (r.violationCount() == 0 ? "clean" : r.violationCount() + " violation" + (r.violationCount() == 1 ? "" : "s")));
            r.trajectory().forEach(out::println);
            r.notes().forEach(n -> out.println("  note: " + n));
            out.println();
        };
    }

    /** The one-screen summary. */
    public static String summary(CaptureCheck.Summary s) {
        StringBuilder b = new StringBuilder();
        b.append("check ").append(s.file()).append('\n');
        b.append(String.format("  packets      %,d, of which TCP %,d", s.packets(), s.tcpSegments()));
        List<String> skipped = new ArrayList<>();
        s.skipped().forEach((k, v) -> {
            if (v > 0) {
                skipped.add(String.format("%,d %s", v, k));
            }
        });
        b.append(skipped.isEmpty() ? "" : " (not checked: " + String.join(", ", skipped) + ")").append('\n');
        b.append(String.format("  connections  %,d%n", s.connections()));
        b.append(String.format("  recognised   %,d retransmissions, %,d keep-alives, %,d zero-window probes%n",
                s.retransmissions(), s.keepAlives(), s.windowProbes()));
        b.append(String.format("  violations   %,d%n", s.violations()));
        if (!s.byRule().isEmpty()) {
            b.append("  by requirement:\n");
            s.byRule().forEach((h, n) -> b.append(String.format("    %6d  %-9s  %-20s  %-14s  %s%n", n, h.verdict(),
                    h.section(), h.requirement(), h.rule())));
        }
        b.append("  profiles     ").append(String.join(", ", s.profiles())).append('\n');
        b.append(String.format("  took         %.2f s (%,.0f packets per second), at most %,d connection%s held at once%n",
                s.seconds(), s.packets() / Math.max(s.seconds(), 1e-9), s.maxHeld(), s.maxHeld() == 1 ? "" : "s"));
        if (s.error() != null) {
            b.append("  stopped      ").append(s.error()).append(" (everything before it was checked)\n");
        }
        return b.toString();
    }

    // -------------------------------------------------------------------------------- JSON

    /**
     * Streams the JSON form: {@code {"file", "connections": [...], "violations": [...], "packets",
     * ...}}. Connections are written as they end; violations are spooled to a temporary file and
     * copied after them, so that memory stays bounded however large the capture.
     */
    public static final class JsonStream implements Consumer<ConnectionResult>, Closeable {
        private final PrintStream out;
        private final Path spool;
        private final BufferedWriter violations;
        private boolean firstConnection = true;
        private boolean firstViolation = true;

        public JsonStream(PrintStream out, String file) {
            this.out = out;
            try {
                this.spool = Files.createTempFile("tcpconform-check-", ".json");
                this.violations = Files.newBufferedWriter(spool, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file: " + e.getMessage(), e);
            }
            out.print("{\n  \"file\": " + Json.quote(file) + ",\n  \"connections\": [");
        }

        @Override
        public void accept(ConnectionResult r) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", r.id());
            c.put("a", r.a());
            c.put("b", r.b());
            c.put("first_packet", r.firstPacket());
            c.put("last_packet", r.lastPacket());
            c.put("packets", r.packets());
            c.put("final_states", r.finalStates());
            c.put("violations", r.violationCount());
            c.put("retransmissions", r.retransmissions());
            c.put("keep_alives", r.keepAlives());
            c.put("window_probes", r.windowProbes());
            c.put("trajectory", r.trajectory());
            c.put("notes", r.notes());
            out.print((firstConnection ? "\n" : ",\n") + indent(Json.write(c)));
            firstConnection = false;
            try {
                for (Violation v : r.violations()) {
                    violations.write((firstViolation ? "\n" : ",\n") + indent(Json.write(violation(r, v))));
                    firstViolation = false;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the temporary file " + spool + ": " + e.getMessage(), e);
            }
        }

        /** Ends the document with the violations and the summary. */
        public void finish(CaptureCheck.Summary s) {
            out.print((firstConnection ? "]" : "\n  ]") + ",\n  \"violations\": [");
            try {
                violations.close();
                try (var lines = Files.lines(spool, StandardCharsets.UTF_8)) {
                    lines.forEach(l -> out.print(l.isEmpty() ? "\n" : l + "\n"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the temporary file " + spool + ": " + e.getMessage(), e);
            }
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("packets", s.packets());
            rest.put("tcp_segments", s.tcpSegments());
            rest.put("not_checked", new LinkedHashMap<>(s.skipped()));
            rest.put("connection_count", s.connections());
            rest.put("violation_count", s.violations());
            List<Object> by = new ArrayList<>();
            s.byRule().forEach((h, n) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("verdict", h.verdict());
                m.put("section", h.section());
                m.put("requirement", h.requirement());
                m.put("rule", h.rule());
                m.put("count", n);
                by.add(m);
            });
            rest.put("by_requirement", by);
            rest.put("retransmissions", s.retransmissions());
            rest.put("keep_alives", s.keepAlives());
            rest.put("window_probes", s.windowProbes());
            rest.put("profiles", s.profiles());
            rest.put("error", s.error());
            rest.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
            String tail = Json.write(rest);
            out.print((firstViolation ? "]" : "  ]") + ",\n" + tail.substring(tail.indexOf('\n') + 1));
            out.flush();
        }

        @Override
        public void close() {
            try {
                violations.close();
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the temporary file " + spool + ": " + e.getMessage(), e);
            }
        }

        private static String indent(String json) {
            StringBuilder b = new StringBuilder();
            for (String line : json.strip().split("\n")) {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append("    ").append(line);
            }
            return b.toString();
        }
    }

    static Map<String, Object> violation(ConnectionResult r, Violation v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connection", r.id());
        m.put("packets", v.packets());
        m.put("endpoint", v.endpoint());
        m.put("rule", v.rule());
        m.put("verdict", v.verdict());
        m.put("section", v.section());
        m.put("requirement", v.requirement());
        m.put("expected", v.expected());
        m.put("observed", v.observed());
        return m;
    }

    // ------------------------------------------------------------------------------ Allure

    /** Writes one Allure test per connection into a results directory, as each connection ends. */
    public static Consumer<ConnectionResult> allure(Path dir, String file) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report directory " + dir + ": " + e.getMessage(), e);
        }
        FileSystemResultsWriter writer = new FileSystemResultsWriter(dir);
        String suite = Path.of(file).getFileName().toString();
        return r -> {
            String uuid = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            String id = "check." + suite + "." + r.id();
            boolean failed = r.byHeading().keySet().stream().anyMatch(h -> h.verdict().equals("FAIL"));
            boolean deviates = r.violationCount() > 0;
            TestResult t = new TestResult().setUuid(uuid).setHistoryId(id).setTestCaseId(id).setFullName(id)
                    .setName("connection " + r.id() + ": " + r.tuple())
                    .setDescription("Packets " + r.firstPacket() + " to " + r.lastPacket() + " of " + file + " ("
                            + r.packets() + "); the endpoints end in " + r.finalStates() + ".")
                    .setStatus(failed || deviates ? Status.FAILED : Status.PASSED)
                    .setStage(Stage.FINISHED).setStart(now).setStop(now);
            if (deviates) {
                StringBuilder m = new StringBuilder();
                for (Violation v : r.violations()) {
                    m.append("packet ").append(v.packets().get(v.packets().size() - 1)).append(", ")
                            .append(v.endpoint()).append(": ").append(v.verdict()).append(' ').append(v.section())
                            .append(' ').append(v.requirement()).append(": expected ").append(v.expected())
                            .append("; observed ").append(v.observed()).append('\n');
                }
                t.setStatusDetails(new StatusDetails().setMessage(r.violationCount() + " violation(s)")
                        .setTrace(m.toString()));
            }
            List<Label> labels = new ArrayList<>();
            labels.add(new Label().setName("parentSuite").setValue("check"));
            labels.add(new Label().setName("suite").setValue(suite));
            Set<String> sections = new LinkedHashSet<>();
            r.violations().forEach(v -> sections.add(v.section()));
            labels.add(new Label().setName("epic").setValue(sections.isEmpty() ? "clean connections"
                    : sections.iterator().next()));
            labels.add(new Label().setName("severity").setValue(failed ? "critical" : deviates ? "normal" : "minor"));
            t.setLabels(labels);
            List<Link> links = new ArrayList<>();
            for (String sec : sections) {
                if (sec.startsWith("RFC 9293 §")) {
                    links.add(new Link().setName(sec).setType("link")
                            .setUrl("https://www.rfc-editor.org/rfc/rfc9293#section-" + sec.substring("RFC 9293 §".length())));
                }
            }
            t.setLinks(links);
            List<StepResult> steps = new ArrayList<>();
            for (String line : r.trajectory()) {
                boolean bad = line.contains("\n           FAIL") || line.contains("\n           DEVIATION");
                steps.add(new StepResult().setName(line.replace("\n           ", " — ").strip())
                        .setStatus(bad ? Status.FAILED : Status.PASSED).setStage(Stage.FINISHED).setStart(now).setStop(now));
            }
            t.setSteps(steps);
            StringBuilder text = new StringBuilder();
            r.trajectory().forEach(l -> text.append(l).append('\n'));
            r.notes().forEach(n -> text.append("note: ").append(n).append('\n'));
            String source = uuid + "-trajectory-attachment.txt";
            writer.write(source, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
            t.setAttachments(List.of(new Attachment().setName("trajectory").setSource(source).setType("text/plain")));
            writer.write(t);
        };
    }
}
