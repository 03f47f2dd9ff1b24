package tcpconform.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tcpconform.cli.Main.UsageException;
import tcpconform.model.profile.Profile;
import tcpconform.model.requirement.Requirement;
import tcpconform.model.requirement.RequirementCatalogue;
import tcpconform.report.AllureResults;
import tcpconform.report.CombinedMatrix;
import tcpconform.report.CoveragePicture;
import tcpconform.report.DifferentialReport;
import tcpconform.report.Json;
import tcpconform.report.Matrix;
import tcpconform.report.Summary;
import tcpconform.run.Baseline;
import tcpconform.run.Campaign;
import tcpconform.run.CaseResult;
import tcpconform.run.Differential;
import tcpconform.run.Expectations;
import tcpconform.run.Step;
import tcpconform.run.Tally;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.TargetFactory;
import tcpconform.sut.Targets;

/** {@code run} and {@code requirements}: a campaign against a target, summed up or as the matrix. */
final class RunCommand {

    /** Progress lines at most this often, in milliseconds. */
    private static final long PROGRESS_EVERY = 2000;

    private String target = "own";
    /** The profile; by default the target's own (linux for the kernel, else the RFC baseline). */
    private Profile profile;
    private Set<Campaign.Suite> suites = Set.of(Campaign.Suite.values());
    private int walks;
    private long seed = System.nanoTime() & 0x7FFF_FFFFL;
    private int maxWalkLength = 30;
    private Path results;
    private Path expectationsFile;
    /** Where to write the campaign's outcomes as an expectations file (a baseline), or null. */
    private Path writeExpectations;
    private boolean json;
    /** A replay line: run that one walk instead of a campaign. */
    private String replay;

    private RunCommand(int defaultWalks) {
        this.walks = defaultWalks;
    }

    /** {@code run}: exit 0 if every outcome is as expected, 1 if not. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        RunCommand c = new RunCommand(1000);
        c.parse(args, "run", true);
        if (c.writeExpectations != null) {
            c.checkWritable(c.writeExpectations);
        }
        if (c.replay != null) {
            if (c.writeExpectations != null) {
                throw new UsageException("--write-expectations records a campaign's outcomes, not a replay's");
            }
            return c.replayOne(out);
        }
        if (c.target.contains(",")) {
            if (c.writeExpectations != null) {
                throw new UsageException("--write-expectations records one target's outcomes; run each target alone");
            }
            return c.differential(out, err);
        }
        Outcome o = c.execute(c.target, false, err);
        out.print(c.json ? o.summary.toJson() : o.summary.toText());
        if (c.results != null && !c.json) {
            out.println("  results      " + c.results + " (render: allure generate " + c.results + ")");
        }
        return o.tally.unexpectedCount() == 0 ? Main.OK : Main.UNEXPECTED;
    }

    /** {@code requirements}: the conformance matrix for the target. */
    static int requirements(List<String> args, PrintStream out, PrintStream err) {
        RunCommand c = new RunCommand(200);
        c.parse(args, "requirements", false);
        Outcome o = c.execute(c.target, false, err);
        if (c.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", c.target);
            m.put("profile", c.profile.name());
            m.put("seed", c.seed);
            List<Object> rows = new ArrayList<>();
            for (Map.Entry<String, Tally.Status> e : o.tally.requirements().entrySet()) {
                Requirement r = RequirementCatalogue.rfc9293().get(e.getKey());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("label", r.label());
                row.put("keyword", r.keyword());
                row.put("section", r.section());
                row.put("status", e.getValue().lower());
                row.put("summary", r.summary());
                rows.add(row);
            }
            m.put("requirements", rows);
            out.print(Json.write(m));
        } else {
            out.print(Summary.matrixText(c.target, o.tally));
            out.printf(Locale.ROOT, "%d of %d exercised: %d met, %d violated, %d deviation (campaign: all suites, %d walks, seed %d)%n",
                    o.tally.requirementsExercised(), o.tally.requirements().size(),
                    o.tally.requirementsWith(Tally.Status.MET), o.tally.requirementsWith(Tally.Status.VIOLATED),
                    o.tally.requirementsWith(Tally.Status.DEVIATION), c.walks, c.seed);
        }
        return o.tally.unexpectedCount() == 0 ? Main.OK : Main.UNEXPECTED;
    }

    private record Outcome(Tally tally, Summary summary, Map<String, CaseResult> cases) {
    }

    /**
     * {@code run --target A,B,...}: the same campaign, with one profile and one seed, against each
     * target, and the differences side by side. Exit 0 if every target's outcomes are as its
     * expectations say, 1 if not; differences between the targets are findings, not failures.
     */
    private int differential(PrintStream out, PrintStream err) {
        List<String> targets = List.of(target.split(",", -1));
        if (targets.stream().anyMatch(String::isBlank) || targets.stream().distinct().count() != targets.size()) {
            throw new UsageException("--target: name each target once, separated by commas, not '" + target + "'");
        }
        if (expectationsFile != null) {
            throw new UsageException("--expectations names one target's file; with several targets each uses its own");
        }
        if (profile == null) {
            profile = targets.contains("linux") ? Profile.LINUX : Profile.BASELINE;
        }
        Map<String, Outcome> runs = new LinkedHashMap<>();
        for (String t : targets) {
            err.println("tcpconform: target " + t);
            runs.put(t, execute(t, true, err));
        }
        Map<String, Map<String, CaseResult>> cases = new LinkedHashMap<>();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        Map<String, Summary> summaries = new LinkedHashMap<>();
        runs.forEach((t, o) -> {
            cases.put(t, o.cases);
            tallies.put(t, o.tally);
            summaries.put(t, o.summary);
        });
        Differential.Comparison comparison = Differential.compare(cases);
        DifferentialReport report = new DifferentialReport(summaries, tallies, comparison);
        out.print(json ? report.toJson() : report.toText());
        if (results != null) {
            try {
                AllureResults allure = new AllureResults(results, target, profile.name(), Expectations.none());
                allure.writeReport("Differences between " + String.join(", ", targets), report.toText(),
                        comparison.differences().isEmpty(), "differences", "text/html", "html",
                        report.toHtml().getBytes(StandardCharsets.UTF_8));
            } catch (UncheckedIOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return runs.values().stream().allMatch(o -> o.tally.unexpectedCount() == 0) ? Main.OK : Main.UNEXPECTED;
    }

    /** Reads the options; {@code runOptions}: those of {@code run} alone ({@code --suite}, {@code --replay}) are taken too. */
    private void parse(List<String> args, String command, boolean runOptions) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--target" -> target = Main.value(args, ++i, a);
                case "--profile" -> profile = parseProfile(Main.value(args, ++i, a));
                case "--suite" -> {
                    if (!runOptions) {
                        throw new UsageException(command + ": unknown option '" + a + "'");
                    }
                    try {
                        suites = Campaign.Suite.parse(Main.value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(command + ": " + e.getMessage());
                    }
                }
                case "--walks" -> walks = (int) number(args, ++i, a, 0, 10_000_000);
                case "--seed" -> seed = number(args, ++i, a, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--max-walk-length" -> maxWalkLength = (int) number(args, ++i, a, 1, 10_000);
                case "--results" -> results = Path.of(Main.value(args, ++i, a));
                case "--expectations" -> expectationsFile = Path.of(Main.value(args, ++i, a));
                case "--write-expectations" -> {
                    if (!runOptions) {
                        throw new UsageException(command + ": unknown option '" + a + "'");
                    }
                    writeExpectations = Path.of(Main.value(args, ++i, a));
                }
                case "--json" -> json = true;
                case "--replay" -> {
                    if (!runOptions) {
                        throw new UsageException(command + ": unknown option '" + a + "'");
                    }
                    replay = Main.value(args, ++i, a);
                }
                default -> throw new UsageException(command + ": unknown option '" + a + "'");
            }
        }
    }

    /**
     * {@code run --replay LINE}: the one walk a replay line describes, against the target, step
     * by step with each verdict. Exit 0 if its outcome is as expected, 1 if not.
     */
    private int replayOne(PrintStream out) {
        if (target.contains(",")) {
            throw new UsageException("--replay runs against one target, not '" + target + "'");
        }
        Setup setup = setUp(target);
        try {
            return replayOne(setup, out);
        } finally {
            setup.factory().release();
        }
    }

    private int replayOne(Setup setup, PrintStream out) {
        Campaign campaign = setup.campaign();
        Campaign.Walk walk;
        try {
            walk = Campaign.Walk.parse(replay, campaign.graph());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--replay: " + e.getMessage());
        }
        CaseResult r = campaign.replay(walk, profile);
        if (results != null) {
            try {
                new AllureResults(results, target, profile.name(), setup.expectations()).write(r);
            } catch (UncheckedIOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", target);
            m.put("profile", profile.name());
            m.put("replay", walk.replay());
            m.put("verdict", r.verdict().name());
            m.put("unexpected", r.unexpected());
            List<Object> steps = new ArrayList<>();
            for (Step s : r.steps()) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("step", s.index() + 1);
                step.put("input", s.input().label());
                step.put("verdict", s.verdict().name());
                step.put("finding", s.finding());
                steps.add(step);
            }
            m.put("steps", steps);
            out.print(Json.write(m));
        } else {
            out.printf(Locale.ROOT, "tcpconform replay: target %s, profile %s, %d of %d inputs run%n", target,
                    profile.name(), r.steps().size(), r.planned());
            for (Step s : r.steps()) {
                out.printf(Locale.ROOT, "  %3d %-44s %s%s%n", s.index() + 1, s.input().label(), s.verdict(),
                        s.finding().isEmpty() ? "" : ": " + s.finding());
            }
            out.println("  outcome      " + (r.isUnexpected() ? "unexpected: " + r.unexpected()
                    : r.verdict() + ", as the model and the expectations say"));
        }
        return r.isUnexpected() ? Main.UNEXPECTED : Main.OK;
    }

    /** A campaign against one target, with its expectations and the target's description. */
    private record Setup(Campaign campaign, TargetFactory factory, Expectations expectations, String description) {
    }

    /**
     * The campaign against a target: its profile (the target's own by default, linux for the
     * kernel, else the RFC baseline) and its expectations; a target that cannot run here, or a bad
     * expectations file, is a usage error with the reason.
     */
    private Setup setUp(String target) {
        if (profile == null) {
            profile = target.equals("linux") ? Profile.LINUX : Profile.BASELINE;
        }
        TargetFactory factory;
        Expectations expectations;
        try {
            factory = Targets.named(target, profile);
            expectations = expectationsFile == null ? Expectations.bundled(Targets.expectationsName(target))
                    : Expectations.read(expectationsFile);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
        String description;
        try (SystemUnderTest probe = factory.open(seed, SystemUnderTest.Tuning.MODEL)) {
            description = probe.description();
        } catch (IllegalStateException | UncheckedIOException e) {
            factory.release();
            throw new UsageException("target " + target + " cannot run on this machine: " + e.getMessage());
        }
        return new Setup(new Campaign(profile, factory, expectations), factory, expectations, description);
    }

    private Outcome execute(String target, boolean keepCases, PrintStream err) {
        Setup setup = setUp(target);
        try {
            return execute(setup, target, keepCases, err);
        } finally {
            setup.factory().release();
        }
    }

    private Outcome execute(Setup setup, String target, boolean keepCases, PrintStream err) {
        Campaign campaign = setup.campaign();
        Expectations expectations = setup.expectations();
        String description = setup.description();
        Campaign.Settings settings = new Campaign.Settings(profile, suites, walks, seed, maxWalkLength);
        AllureResults allure;
        try {
            allure = results == null ? null : new AllureResults(results, target, profile.name(), expectations);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
        Baseline baseline = writeExpectations == null ? null : new Baseline(expectations);
        long start = System.nanoTime();
        Map<String, CaseResult> cases = new LinkedHashMap<>();
        Tally tally = campaign.run(settings, new Campaign.Listener() {
            private long lastPrint = System.nanoTime();

            @Override
            public void finished(CaseResult result) {
                if (allure != null) {
                    allure.write(result);
                }
                if (baseline != null) {
                    baseline.add(result);
                }
                if (keepCases) {
                    cases.put(result.name(), result);
                }
            }

            @Override
            public void progress(Campaign.Suite suite, int done, int total) {
                long now = System.nanoTime();
                if ((now - lastPrint) / 1_000_000 >= PROGRESS_EVERY || (done == total && (now - start) / 1_000_000 >= PROGRESS_EVERY)) {
                    lastPrint = now;
                    err.printf(Locale.ROOT, "tcpconform: %s %d/%d cases (%.0f s)%n", suite.lower(), done, total,
                            (now - start) / 1e9);
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (baseline != null) {
            writeBaseline(baseline, target, description, expectations, err);
        }
        Summary summary = new Summary(target, settings, tally, seconds);
        if (allure != null) {
            allure.writeEnvironment(description, seed);
            allure.writeReport("Conformance matrix", "Each of the " + tally.requirements().size()
                            + " requirements of RFC 9293 Appendix B: met, violated, deviation or not exercised.",
                    tally.unexpectedCount() == 0, "matrix", "text/html", "html",
                    Matrix.html(target, profile.name(), tally).getBytes(StandardCharsets.UTF_8));
            allure.writeReport("Coverage of the state diagram", "Each transition of the model's graph, coloured by how"
                            + " often it was exercised and whether it passed.", tally.unexpectedCount() == 0,
                    "coverage", "image/svg+xml", "svg",
                    CoveragePicture.svg(tally, "RFC 9293 state diagram: " + target + ", profile " + profile.name())
                            .getBytes(StandardCharsets.UTF_8));
            allure.writeReport("Summary", summary.toText(), tally.unexpectedCount() == 0, "summary.json",
                    "application/json", "json", summary.toJson().getBytes(StandardCharsets.UTF_8));
            CombinedMatrix.record(allure, target, profile.name(), tally);
        }
        return new Outcome(tally, summary, cases);
    }

    /** A file {@code --write-expectations} can write: checked before the campaign, not after it. */
    private void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)
                || Files.exists(file) && !Files.isWritable(file)) {
            throw new UsageException("--write-expectations: cannot write " + file
                    + (dir != null && !Files.isDirectory(dir) ? " (no directory " + dir + ")" : ""));
        }
    }

    private void writeBaseline(Baseline baseline, String target, String description, Expectations old, PrintStream err) {
        String command = "run --target " + target + " --profile " + profile.name() + " --suite "
                + String.join("+", suites.stream().map(Campaign.Suite::lower).sorted().toList()) + " --walks " + walks
                + " --seed " + seed + " --max-walk-length " + maxWalkLength;
        List<String> header = List.of(
                "Expected outcomes of " + target + " (" + description + "), profile " + profile.name() + ":",
                "what `" + command + "` observed, recorded with --write-expectations from " + old.source() + ".",
                "A line is a departure from the model: verdict, key (STATE input, as in the replay lines), reason.",
                "A reason 'observed: ...' is the finding as seen on the wire, not yet traced to the stack's source;",
                "replace it with the cause once it is. FAIL? marks a key that also passed, or did otherwise, after other",
                "histories. Run the campaign with these expectations: it reports only what changed.");
        try {
            baseline.write(writeExpectations, header);
        } catch (IOException e) {
            throw new UsageException("--write-expectations: cannot write " + writeExpectations + ": " + e.getMessage());
        }
        err.printf(Locale.ROOT, "tcpconform: %d expected outcomes written to %s%n", baseline.size(), writeExpectations);
    }

    private static Profile parseProfile(String name) {
        try {
            return Profile.named(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static long number(List<String> args, int i, String option, long min, long max) {
        String v = Main.value(args, i, option);
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }
}
