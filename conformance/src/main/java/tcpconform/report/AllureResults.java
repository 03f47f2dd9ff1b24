package tcpconform.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Stage;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;

import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.pcap.PcapWriter;
import tcpconform.run.CaseResult;
import tcpconform.run.Expectations;
import tcpconform.run.Runner;
import tcpconform.run.Step;
import tcpconform.run.Verdict;

/**
 * Writes a campaign as Allure results (design.md, "Conventions for results"): a case is a test,
 * each step a step named like a tcpdump line, with the pcap, the tcpdump text and a sequence
 * diagram attached; labels epic = RFC section, feature = state, story = transition; severity
 * from the requirement level; links to the RFC.
 */
public final class AllureResults {

    private static final String RFC = "https://www.rfc-editor.org/rfc/rfc9293";

    private final Path dir;
    private final FileSystemResultsWriter writer;
    private final String target;
    private final String profile;
    private final Expectations expectations;

    public AllureResults(Path dir, String target, String profile, Expectations expectations) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results directory " + dir + ": " + e.getMessage(), e);
        }
        this.dir = dir;
        this.writer = new FileSystemResultsWriter(dir);
        this.target = target;
        this.profile = profile;
        this.expectations = expectations;
    }

    public Path dir() {
        return dir;
    }

    /** Writes one case. */
    public void write(CaseResult c) {
        String uuid = UUID.randomUUID().toString();
        long start = System.currentTimeMillis();
        TestResult t = new TestResult();
        String id = target + "." + profile + "." + c.suite() + "." + c.name();
        t.setUuid(uuid).setHistoryId(id).setTestCaseId(id).setFullName(id)
                .setName(c.name() + (c.title().isEmpty() || c.suite().equals("walks") ? "" : ": " + c.title()))
                .setStage(Stage.FINISHED).setStart(start).setStop(start);
        t.setDescription(description(c));
        t.setStatus(status(c.verdict()));
        if (c.verdict().isFinding() || !c.unexpected().isEmpty()) {
            t.setStatusDetails(details(c));
        }
        List<Label> labels = new ArrayList<>();
        Set<String> sections = new LinkedHashSet<>();
        Requirement.Level strongest = null;
        for (Step s : c.steps()) {
            sections.add(s.section());
            for (String label : s.requirements()) {
                Requirement.Level l = RequirementCatalogue.rfc9293().get(label).level();
                if (strongest == null || l.ordinal() < strongest.ordinal()) {
                    strongest = l;
                }
            }
        }
        // One place in the Behaviors tree a case: the step that decides it (its finding, or the
        // last). A label for every step would put the case on thousands of paths.
        Step deciding = c.steps().isEmpty() ? null : c.steps().get(c.steps().size() - 1);
        if (deciding != null) {
            labels.add(label("epic", "RFC 9293 §" + deciding.section()));
            if (deciding.transition() != null) {
                labels.add(label("feature", deciding.transition().from().toString()));
                labels.add(label("story", deciding.transition().from() + " " + deciding.input().label()));
            }
        }
        labels.add(label("severity", severity(strongest)));
        labels.add(label("parentSuite", target));
        labels.add(label("suite", profile));
        labels.add(label("subSuite", c.suite()));
        labels.add(label("tag", c.verdict().lower()));
        t.setLabels(labels);
        List<Link> links = new ArrayList<>();
        for (String sec : sections) {
            links.add(new Link().setName("RFC 9293 §" + sec).setUrl(RFC + "#section-" + sec).setType("link"));
        }
        t.setLinks(links);
        t.setParameters(List.of(new Parameter().setName("target").setValue(target),
                new Parameter().setName("profile").setValue(profile)));
        t.setSteps(steps(c, start));
        List<Attachment> attachments = new ArrayList<>();
        attachments.add(attach(uuid, "capture (pcap, opens in Wireshark)", "application/vnd.tcpdump.pcap", "pcap", pcap(c)));
        attachments.add(attach(uuid, "tcpdump", "text/plain", "txt", tcpdump(c).getBytes(StandardCharsets.UTF_8)));
        attachments.add(attach(uuid, "sequence diagram", "image/svg+xml", "svg",
                SequenceDiagram.svg(c).getBytes(StandardCharsets.UTF_8)));
        t.setAttachments(attachments);
        writer.write(t);
    }

    /** A test result that carries a report of the whole campaign: the matrix, the coverage picture. */
    public void writeReport(String name, String description, boolean ok, String attachmentName, String type,
                            String extension, byte[] content) {
        String uuid = UUID.randomUUID().toString();
        writeReport(uuid, target + "." + profile + ".report." + name, List.of(label("parentSuite", target),
                        label("suite", profile)), name, description, ok,
                attach(uuid, attachmentName, type, extension, content));
    }

    /**
     * The report of every campaign in this directory, under a fixed name: each campaign that
     * writes it replaces what the last one wrote.
     */
    void writeSharedReport(String name, String description, String attachmentName, String type, String extension,
                           byte[] content) {
        String uuid = "tcpconform-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String source = uuid + "-attachment." + extension;
        try {
            // The writer does not replace files; the last campaign's report goes first.
            Files.deleteIfExists(dir.resolve(source));
            Files.deleteIfExists(dir.resolve(uuid + "-result.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + source + " in " + dir + ": " + e.getMessage(), e);
        }
        writer.write(source, new ByteArrayInputStream(content));
        writeReport(uuid, "all.report." + name, List.of(label("parentSuite", "all targets")), name, description, true,
                new Attachment().setName(attachmentName).setSource(source).setType(type));
    }

    private void writeReport(String uuid, String id, List<Label> where, String name, String description, boolean ok,
                             Attachment attachment) {
        long now = System.currentTimeMillis();
        TestResult t = new TestResult().setUuid(uuid).setHistoryId(id).setTestCaseId(id).setFullName(id)
                .setName(name).setDescription(description).setStatus(ok ? Status.PASSED : Status.FAILED)
                .setStage(Stage.FINISHED).setStart(now).setStop(now);
        List<Label> labels = new ArrayList<>(where);
        labels.addAll(List.of(label("subSuite", "reports"), label("epic", "Conformance reports"), label("severity", "normal")));
        t.setLabels(labels);
        t.setAttachments(List.of(attachment));
        writer.write(t);
    }

    /**
     * environment.properties and categories.json. Several campaigns may share a results
     * directory (the build runs one per profile): what differs between them is keyed by profile.
     */
    public void writeEnvironment(String targetDescription, long seed) {
        Map<String, String> env = new LinkedHashMap<>();
        Path envFile = dir.resolve("environment.properties");
        try {
            if (Files.exists(envFile)) {
                for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        env.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
            env.put("target." + target, targetDescription);
            env.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
            env.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
            env.put(target + "." + profile + ".seed", Long.toString(seed));
            env.put(target + "." + profile + ".expectations", expectations.source());
            StringBuilder text = new StringBuilder();
            env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(envFile, text);
            Files.writeString(dir.resolve("categories.json"), "[\n"
                    + "  {\"name\": \"Unexpected outcomes\", \"messageRegex\": \"(?s)UNEXPECTED.*\", \"matchedStatuses\": [\"failed\", \"broken\"]},\n"
                    + "  {\"name\": \"Known deviations (listed in the target's expectations)\", \"messageRegex\": \"(?s)EXPECTED.*\", \"matchedStatuses\": [\"failed\", \"broken\"]}\n"
                    + "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir + ": " + e.getMessage(), e);
        }
    }

    private StatusDetails details(CaseResult c) {
        Step last = c.steps().isEmpty() ? null : c.steps().get(c.steps().size() - 1);
        String message;
        if (c.isUnexpected()) {
            message = "UNEXPECTED: " + c.unexpected();
        } else if (last != null && last.verdict().isFinding()) {
            String why = expectations.find(expectations.keyOf(last), last.verdict()).map(Expectations.Entry::why).orElse("");
            message = "EXPECTED (" + expectations.source() + "): " + last.verdict() + " " + last.finding()
                    + (why.isEmpty() ? "" : "\nwhy: " + why);
        } else {
            message = "EXPECTED: " + c.verdict();
        }
        return new StatusDetails().setMessage(message).setKnown(!c.isUnexpected()).setTrace(c.replay());
    }

    private List<StepResult> steps(CaseResult c, long start) {
        List<StepResult> steps = new ArrayList<>();
        for (Step s : c.steps()) {
            StepResult r = new StepResult().setName(s.tcpdumpName()).setStatus(status(s.verdict()))
                    .setStage(Stage.FINISHED).setStart(start).setStop(start);
            List<Parameter> params = new ArrayList<>();
            params.add(new Parameter().setName("input").setValue(s.input().label()));
            params.add(new Parameter().setName("model").setValue(s.expected()));
            if (s.state() != null) {
                params.add(new Parameter().setName("state").setValue(s.state().toString()));
            }
            params.add(new Parameter().setName("RFC 9293").setValue("§" + s.section() + " " + String.join(" ", s.requirements())));
            r.setParameters(params);
            if (!s.finding().isEmpty()) {
                String against = s.violated().isEmpty() ? "" : " of " + String.join(" ", s.violated());
                r.setStatusDetails(new StatusDetails().setMessage(s.verdict() + against + ": " + s.finding()));
            }
            List<StepResult> out = new ArrayList<>();
            for (Step.Observed o : s.observed()) {
                String name = "> " + (o.segment() == null ? "(malformed)" : o.segment().tcpdump());
                out.add(new StepResult().setName(name).setDescription(o.note())
                        .setStatus(o.note().startsWith("not allowed") || o.segment() == null ? Status.FAILED : Status.PASSED)
                        .setStage(Stage.FINISHED).setStart(start).setStop(start));
            }
            if (!s.signals().isEmpty()) {
                out.add(new StepResult().setName("application: " + s.signals()).setStatus(Status.PASSED)
                        .setStage(Stage.FINISHED).setStart(start).setStop(start));
            }
            r.setSteps(out);
            steps.add(r);
        }
        for (CaseResult.CheckOutcome check : c.checks()) {
            steps.add(new StepResult().setName("check: " + check.what() + " (§" + check.section() + " "
                            + String.join(" ", check.requirements()) + ")")
                    .setStatus(status(check.verdict())).setStage(Stage.FINISHED).setStart(start).setStop(start)
                    .setStatusDetails(check.finding().isEmpty() ? null : new StatusDetails().setMessage(check.finding())));
        }
        return steps;
    }

    private static String description(CaseResult c) {
        StringBuilder s = new StringBuilder();
        if (!c.title().isEmpty()) {
            s.append(c.title()).append("\n\n");
        }
        s.append("Verdict: ").append(c.verdict()).append(". Ran ").append(c.steps().size()).append(" of ")
                .append(c.planned()).append(" inputs.\n\nReplay:\n").append(c.replay());
        return s.toString();
    }

    /** The case's packets in tcpdump's notation, with the target's clock. */
    public static String tcpdump(CaseResult c) {
        StringBuilder s = new StringBuilder();
        for (Step step : c.steps()) {
            if (step.injected() != null && step.injected().segment() != null) {
                s.append(String.format(Locale.ROOT, "%10.6f IP %s%n", step.injected().time() / 1000.0,
                        step.injected().segment().tcpdump()));
            } else {
                s.append(String.format(Locale.ROOT, "%10.6f -- %s%n", step.time() / 1000.0, step.input().label()));
            }
            for (Step.Observed o : step.observed()) {
                s.append(String.format(Locale.ROOT, "%10.6f IP %s%n", o.time() / 1000.0,
                        o.segment() == null ? "(malformed) " + o.note() : o.segment().tcpdump()));
            }
            if (step.verdict().isFinding()) {
                s.append("           !! ").append(step.verdict()).append(": ").append(step.finding()).append('\n');
            }
        }
        return s.toString();
    }

    /** The case's packets as a pcap file (LINKTYPE_RAW), timestamps from the target's clock. */
    public static byte[] pcap(CaseResult c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(bytes)) {
            for (Step step : c.steps()) {
                if (step.injected() != null) {
                    w.write(step.injected().time() * 1000, step.injected().raw(), 0, step.injected().raw().length);
                }
                for (Step.Observed o : step.observed()) {
                    w.write(o.time() * 1000, o.raw(), 0, o.raw().length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Attachment attach(String uuid, String name, String type, String extension, byte[] content) {
        String source = uuid + "-" + UUID.randomUUID() + "-attachment." + extension;
        writer.write(source, new ByteArrayInputStream(content));
        return new Attachment().setName(name).setSource(source).setType(type);
    }

    private static Label label(String name, String value) {
        return new Label().setName(name).setValue(value);
    }

    private static Status status(Verdict v) {
        return switch (v) {
            case PASS, NOTE -> Status.PASSED;
            case DEVIATION, FAIL -> Status.FAILED;
            case INCONCLUSIVE -> Status.BROKEN;
        };
    }

    private static String severity(Requirement.Level level) {
        if (level == null) {
            return "normal";
        }
        return switch (level) {
            case MUST -> "critical";
            case SHOULD, RECOMMENDED -> "normal";
            case MAY -> "minor";
        };
    }
}
