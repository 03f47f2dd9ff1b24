package tcpconform.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tcpconform.model.Input;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.path.TestCase;
import tcpconform.model.path.TransitionTour;
import tcpconform.model.path.Walks;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;
import tcpconform.run.Workers.Job;
import tcpconform.sut.TargetFactory;

/**
 * A campaign: the suites of cases, run against one target under one profile of the model, with
 * the target's expectations. Walks that end in an unexpected outcome are shrunk to the shortest
 * walk that still does.
 */
public final class Campaign {

    /** The suites of cases. */
    public enum Suite {
        /** The model's transition tour: every edge of the graph. */
        TOUR,
        /** Random walks from CLOSED. */
        WALKS,
        /** One named case per classic behaviour. */
        SCENARIOS;

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code all}, one suite, or several joined by {@code +} ({@code tour+scenarios}). */
        public static Set<Suite> parse(String name) {
            if (name.equals("all")) {
                return EnumSet.allOf(Suite.class);
            }
            Set<Suite> suites = EnumSet.noneOf(Suite.class);
            for (String part : name.split("\\+", -1)) {
                suites.add(Arrays.stream(values()).filter(s -> s.lower().equals(part)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown suite '" + name
                                + "' (tour, walks, scenarios, several joined by +, or all)")));
            }
            return suites;
        }
    }

    /**
     * How to run.
     *
     * @param profile        the model's profile, matched by the target's settings
     * @param suites         the suites
     * @param walks          the number of random walks
     * @param seed           the seed of everything random: walks, the tester's ISNs, the target's seeds
     * @param maxWalkLength  the most inputs a walk has
     */
    public record Settings(Profile profile, Set<Suite> suites, int walks, long seed, int maxWalkLength) {
        public Settings {
            suites = Set.copyOf(suites);
            if (walks < 0) {
                throw new IllegalArgumentException("the number of walks cannot be negative: " + walks);
            }
            if (maxWalkLength < 1) {
                throw new IllegalArgumentException("a walk has at least one input: " + maxWalkLength);
            }
        }
    }

    /** Receives each case as it finishes, and progress. */
    public interface Listener {
        void finished(CaseResult result);

        default void progress(Suite suite, int done, int total) {
        }
    }

    /** The tester's ISN for the tour and the scenarios that do not choose one. */
    public static final long TOUR_PEER_ISS = 5000;

    private final StateGraph graph;
    private final Runner runner;
    private final Expectations expectations;
    private final int workers;
    private final TargetFactory targets;

    public Campaign(Profile profile, TargetFactory targets, Expectations expectations) {
        this.graph = StateGraph.of(profile);
        this.runner = new Runner(graph, targets, expectations);
        this.expectations = expectations;
        this.workers = targets.workers();
        this.targets = targets;
    }

    public StateGraph graph() {
        return graph;
    }

    public Runner runner() {
        return runner;
    }

    /** Runs the campaign; every case goes to the listener, and the tally sums them up. */
    public Tally run(Settings settings, Listener listener) {
        Tally tally = new Tally(graph);
        Map<Expectations.Entry, boolean[]> expectationSeen = new LinkedHashMap<>(); // entry -> {exercised, happened}
        Map<Transition, Step> departures = new IdentityHashMap<>(); // edges where the target left the model
        Listener both = new Listener() {
            @Override
            public void finished(CaseResult r) {
                tally.add(r);
                for (Step s : r.steps()) {
                    if (s.transition() != null && s.verdict().isFinding() && s.listedAs() == null) {
                        departures.putIfAbsent(s.transition(), s);
                    }
                }
                for (Step s : r.steps()) {
                    if (!expectations.mayList(s)) {
                        continue;
                    }
                    for (Expectations.Entry e : expectations.find(expectations.keyOf(s))) {
                        boolean[] seen = expectationSeen.computeIfAbsent(e, k -> new boolean[2]);
                        seen[0] = true;
                        seen[1] |= s.verdict() == e.verdict();
                    }
                }
                listener.finished(r);
            }

            @Override
            public void progress(Suite suite, int done, int total) {
                listener.progress(suite, done, total);
            }
        };
        SplittableRandom random = new SplittableRandom(settings.seed());
        long tourSeed = settings.suites().contains(Suite.TOUR) ? random.nextLong() : 0;
        // The suites run side by side on the workers, so that on a real-time target one suite's
        // timers are waited out while another's cases run. The tour is planned round by round
        // from its own short cases alone, which go first; everything else is delivered at the end,
        // and then the tour's last rounds take what is still not exercised.
        try (Workers workers = new Workers(this.workers, both)) {
            List<Workers.Batch> later = new ArrayList<>();
            if (settings.suites().contains(Suite.SCENARIOS)) {
                List<Job> jobs = new ArrayList<>();
                for (Case c : Scenarios.all(settings.profile(), random.nextLong())) {
                    jobs.add(new Job(Suite.SCENARIOS, c, () -> runner.run(c)));
                }
                later.add(workers.start(jobs, Workers.Priority.LATER));
            }
            if (settings.suites().contains(Suite.WALKS)) {
                later.add(workers.start(walks(settings, random.split()), Workers.Priority.LATER));
            }
            TourRounds tour = settings.suites().contains(Suite.TOUR)
                    ? new TourRounds(graph, runner, expectations, targets, settings.profile(), tourSeed, tally, departures)
                    : null;
            if (tour != null) {
                tour.first(workers, later);
            }
            later.forEach(Workers.Batch::deliver);
            if (tour != null) {
                tour.last(workers);
            }
        }
        for (Map.Entry<Expectations.Entry, boolean[]> e : expectationSeen.entrySet()) {
            if (e.getValue()[0] && !e.getValue()[1] && !e.getKey().sometimes()) {
                tally.addStale("expected " + e.getKey().verdict() + " for '" + e.getKey().key()
                        + "' no longer happens: remove it from " + expectations.source());
            }
        }
        return tally;
    }

    private List<TestCase> tourCases;

    /** The tour's test cases, computed once. */
    private List<TestCase> tourCases(Profile profile) {
        if (tourCases == null) {
            tourCases = TransitionTour.cases(graph, () -> new Reference(profile, 1000, TOUR_PEER_ISS));
        }
        return tourCases;
    }

    /**
     * How many walks, drawn as {@code --suite walks} with this seed draws them and taken in that
     * order, it takes until the first whose outcome is unexpected; empty if none of {@code max}
     * is. The time a walks campaign needs to catch a target's departure from the model.
     */
    public OptionalInt walksUntilUnexpected(Profile profile, long seed, int max, int maxWalkLength) {
        SplittableRandom random = new SplittableRandom(seed).split(); // as run() draws the walks suite alone
        List<TestCase> starts = tourCases(profile);
        for (int i = 0; i < max; i++) {
            Walk walk = Walk.draw(random.nextLong(), maxWalkLength, starts);
            if (runner.run(walk.toCase(graph, profile, "walk-" + (i + 1))).isUnexpected()) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    private List<Job> walks(Settings settings, SplittableRandom random) {
        List<TestCase> starts = tourCases(settings.profile());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < settings.walks(); i++) {
            long walkSeed = random.nextLong();
            Walk walk = Walk.draw(walkSeed, settings.maxWalkLength(), starts);
            Case c = walk.toCase(graph, settings.profile(), "walk-" + (i + 1));
            int index = i;
            jobs.add(new Job(Suite.WALKS, c, () -> shrunkIfUnexpected(runner.run(c), walk, walkSeed, index, settings)));
        }
        return jobs;
    }

    private CaseResult shrunkIfUnexpected(CaseResult result, Walk walk, long walkSeed, int i, Settings settings) {
        if (!result.isUnexpected()) {
            return result;
        }
        Walk shortest = shrink(walk, settings.profile());
        CaseResult shrunk = runner.run(shortest.toCase(graph, settings.profile(), "walk-" + (i + 1) + "-shrunk"));
        return withNote(shrunk, "walk " + (i + 1) + " of seed " + settings.seed() + " (walk seed " + walkSeed
                + ", " + (walk.prefix().size() + walk.choices().size()) + " inputs), shrunk to "
                + (shortest.prefix().size() + shortest.choices().size())
                + " inputs; replay: " + shortest.replay());
    }

    /** Runs one walk, as a replay line gives it, against the target. */
    public CaseResult replay(Walk walk, Profile profile) {
        return runner.run(walk.toCase(graph, profile, "replay"));
    }

    /**
     * The shortest walk, as far as removing inputs and lowering choices goes, whose outcome is
     * still unexpected: the harness's own shrinking, so that the CLI gets it too (the jqwik
     * properties of the test suite shrink the same choices).
     */
    public Walk shrink(Walk failing, Profile profile) {
        long deadline = System.nanoTime() + SHRINK_BUDGET_NANOS;
        Walk best = failing.truncated(runner.run(failing.toCase(graph, profile, "shrink")).steps().size());
        boolean progress = true;
        while (progress && System.nanoTime() < deadline) {
            progress = false;
            for (int n = 0; n < best.prefix().size(); n++) {
                Walk candidate = best.withPrefix(best.prefix().subList(0, n));
                if (unexpected(candidate, profile, deadline)) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
            for (int i = best.choices().size() - 1; i >= 0; i--) {
                Walk candidate = best.without(i);
                if (unexpected(candidate, profile, deadline)) {
                    best = candidate;
                    progress = true;
                }
            }
            for (int i = 0; i < best.choices().size(); i++) {
                for (int lower : new int[] {0, best.choices().get(i) / 2}) {
                    if (lower < best.choices().get(i)) {
                        Walk candidate = best.with(i, lower);
                        if (unexpected(candidate, profile, deadline)) {
                            best = candidate;
                            progress = true;
                            break;
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * How long one walk may be shrunk. On the own stack a shrink takes milliseconds; on a
     * real-time target every attempt waits for the target, so shrinking stops at the shortest
     * walk found by then (still a walk that shows the outcome).
     */
    private static final long SHRINK_BUDGET_NANOS = 20_000_000_000L;

    /** Whether a candidate still shows the outcome; none is tried once the budget is spent. */
    private boolean unexpected(Walk w, Profile profile, long deadline) {
        return System.nanoTime() < deadline && (!w.choices().isEmpty() || !w.prefix().isEmpty())
                && runner.run(w.toCase(graph, profile, "shrink")).isUnexpected();
    }

    private static CaseResult withNote(CaseResult r, String note) {
        return new CaseResult(r.name(), r.suite(), note, r.test(), r.steps(), r.planned(), r.checks(), r.verdict(),
                r.unexpected());
    }

    /**
     * A random walk: a prefix of a tour case (so that walks start in every state, not only
     * near CLOSED), then the list of choices it is drawn from (see {@link Walks}), with the
     * tester's ISN and the target's seed: everything needed to replay it.
     */
    public record Walk(List<Input> prefix, List<Integer> choices, long peerIss, long targetSeed) {
        public Walk {
            prefix = List.copyOf(prefix);
            choices = List.copyOf(choices);
        }

        /** Half the walks start in CLOSED, half at a random point of a random tour case. */
        static Walk draw(long seed, int maxLength, List<TestCase> starts) {
            SplittableRandom r = new SplittableRandom(seed);
            List<Input> prefix = List.of();
            if (!starts.isEmpty() && r.nextBoolean()) {
                List<Input> inputs = starts.get(r.nextInt(starts.size())).inputs();
                prefix = inputs.subList(0, r.nextInt(inputs.size()));
            }
            int n = 1 + r.nextInt(maxLength);
            List<Integer> choices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                choices.add(r.nextInt(1 << 16));
            }
            return new Walk(prefix, choices, r.nextLong() & 0xFFFF_FFFFL, r.nextLong());
        }

        Case toCase(StateGraph graph, Profile profile, String name) {
            Reference start = new Reference(profile, 1000, peerIss);
            List<Input> inputs = new ArrayList<>(prefix);
            List<Transition> edges = new ArrayList<>();
            for (Input in : prefix) {
                Prediction p = start.apply(in);
                edges.add(graph.edgeOf(p).orElseThrow(() -> new IllegalStateException("the reference left the graph: " + p)));
            }
            TestCase rest = Walks.decode(graph, start::copy, choices, name);
            inputs.addAll(rest.inputs());
            edges.addAll(rest.transitions());
            return Case.of(Suite.WALKS.lower(), new TestCase(name, inputs, edges), peerIss, targetSeed);
        }

        Walk truncated(int n) {
            if (n <= prefix.size()) {
                return new Walk(prefix.subList(0, n), List.of(), peerIss, targetSeed);
            }
            return new Walk(prefix, choices.subList(0, Math.min(n - prefix.size(), choices.size())), peerIss, targetSeed);
        }

        Walk withPrefix(List<Input> shorter) {
            return new Walk(shorter, choices, peerIss, targetSeed);
        }

        Walk without(int i) {
            List<Integer> c = new ArrayList<>(choices);
            c.remove(i);
            return new Walk(prefix, c, peerIss, targetSeed);
        }

        Walk with(int i, int value) {
            List<Integer> c = new ArrayList<>(choices);
            c.set(i, value);
            return new Walk(prefix, c, peerIss, targetSeed);
        }

        /**
         * The walk a replay line describes: {@code prefix [...] choices [...] peer-iss N
         * target-seed M}, as {@link #replay} writes it; text before {@code prefix} (the line's
         * "walk 7 of seed 1 ..., replay:") is skipped.
         *
         * @throws IllegalArgumentException with a one-line reason if the line is not one
         */
        public static Walk parse(String line, StateGraph graph) {
            Matcher m = REPLAY.matcher(line);
            if (!m.find()) {
                throw new IllegalArgumentException("not a replay line: expected 'prefix [...] choices [...] peer-iss N"
                        + " target-seed M', as a shrunk walk prints it");
            }
            Map<String, Input> inputs = new LinkedHashMap<>();
            graph.transitions().forEach(t -> inputs.putIfAbsent(t.input().label(), t.input()));
            List<Input> prefix = new ArrayList<>();
            for (String label : items(m.group(1))) {
                Input in = inputs.get(label);
                if (in == null) {
                    throw new IllegalArgumentException("the prefix names an input the model does not have: '" + label + "'");
                }
                prefix.add(in);
            }
            List<Integer> choices = new ArrayList<>();
            for (String c : items(m.group(2))) {
                int v;
                try {
                    v = Integer.parseInt(c);
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0 || v >= 1 << 16) {
                    throw new IllegalArgumentException("a choice is a number from 0 to 65535, not '" + c + "'");
                }
                choices.add(v);
            }
            long peerIss = Long.parseLong(m.group(3));
            if (peerIss > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("peer-iss is a 32-bit sequence number, not " + peerIss);
            }
            long targetSeed;
            try {
                targetSeed = Long.parseLong(m.group(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("target-seed is a 64-bit number, not " + m.group(4), e);
            }
            return new Walk(prefix, choices, peerIss, targetSeed);
        }

        private static final Pattern REPLAY = Pattern.compile(
                "prefix \\[([^\\]]*)\\] choices \\[([^\\]]*)\\] peer-iss (\\d{1,10}) target-seed (-?\\d{1,19})\\b");

        private static List<String> items(String list) {
            return list.isBlank() ? List.of() : List.of(list.split(", ", -1));
        }

        /** Prefix, choices, tester ISN and target seed: enough to replay the walk. */
        public String replay() {
            return "prefix " + prefix.stream().map(Input::label).toList() + " choices " + choices
                    + " peer-iss " + peerIss + " target-seed " + targetSeed;
        }
    }
}
