package tcpconform.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import tcpconform.model.Input;
import tcpconform.model.Timeout;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.path.TestCase;
import tcpconform.model.path.TransitionTour;
import tcpconform.model.path.Walks;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Prediction;
import tcpconform.model.reference.Reference;
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

        /** The suites {@code --suite} names: {@code tour}, {@code walks}, {@code scenarios} or {@code all}. */
        public static Set<Suite> parse(String name) {
            if (name.equals("all")) {
                return EnumSet.allOf(Suite.class);
            }
            for (Suite s : values()) {
                if (s.lower().equals(name)) {
                    return EnumSet.of(s);
                }
            }
            throw new IllegalArgumentException("unknown suite '" + name + "' (tour, walks, scenarios or all)");
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

    public Campaign(Profile profile, TargetFactory targets, Expectations expectations) {
        this.graph = StateGraph.of(profile);
        this.runner = new Runner(graph, targets, expectations);
        this.expectations = expectations;
        this.workers = targets.workers();
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
        Map<String, boolean[]> expectationSeen = new HashMap<>(); // key -> {exercised, happened}
        Listener both = new Listener() {
            @Override
            public void finished(CaseResult r) {
                tally.add(r);
                for (Step s : r.steps()) {
                    if (!expectations.mayList(s)) {
                        continue;
                    }
                    Expectations.Entry e = expectations.find(expectations.keyOf(s));
                    if (e != null) {
                        boolean[] seen = expectationSeen.computeIfAbsent(e.key(), k -> new boolean[2]);
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
        if (settings.suites().contains(Suite.TOUR)) {
            List<Case> cases = tour(settings.profile(), random.nextLong());
            runAll(Suite.TOUR, cases, both);
        }
        if (settings.suites().contains(Suite.SCENARIOS)) {
            runAll(Suite.SCENARIOS, Scenarios.all(settings.profile(), random.nextLong()), both);
        }
        if (settings.suites().contains(Suite.WALKS)) {
            walks(settings, random.split(), both);
        }
        for (Map.Entry<String, boolean[]> e : expectationSeen.entrySet()) {
            if (e.getValue()[0] && !e.getValue()[1] && !expectations.find(e.getKey()).sometimes()) {
                tally.addStale("expected " + expectations.find(e.getKey()).verdict() + " for '" + e.getKey()
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

    /** The transition tour as cases. */
    public List<Case> tour(Profile profile, long seed) {
        List<TestCase> tests = tourCases(profile);
        List<Case> cases = new ArrayList<>(tests.size());
        SplittableRandom r = new SplittableRandom(seed);
        for (TestCase t : tests) {
            cases.add(Case.of(Suite.TOUR.lower(), t, TOUR_PEER_ISS, r.nextLong()));
        }
        return cases;
    }

    private void runAll(Suite suite, List<Case> cases, Listener listener) {
        runEach(cases, (c, i) -> runner.run(c), suite, listener);
    }

    /**
     * Runs {@code work} for each case, on as many workers as the target allows, the longest
     * waits first. Each result goes to the listener as soon as those of all earlier cases have,
     * so that results come in the cases' order and none is held longer than it must be.
     */
    private void runEach(List<Case> cases, BiFunction<Case, Integer, CaseResult> work, Suite suite, Listener listener) {
        if (workers <= 1) {
            for (int i = 0; i < cases.size(); i++) {
                listener.finished(work.apply(cases.get(i), i));
                listener.progress(suite, i + 1, cases.size());
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, Math.max(1, cases.size())), r -> {
            Thread t = new Thread(r, "tcpconform-case");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        AtomicReferenceArray<CaseResult> results = new AtomicReferenceArray<>(cases.size());
        try {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> -waits(cases.get(i))));
            for (int i : order) {
                done.submit(() -> {
                    results.set(i, work.apply(cases.get(i), i));
                    return i;
                });
            }
            int next = 0;
            for (int n = 1; n <= cases.size(); n++) {
                done.take().get();
                for (; next < results.length() && results.get(next) != null; next++) {
                    listener.finished(results.getAndSet(next, null));
                }
                listener.progress(suite, n, cases.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A rough weight of how long a case waits on a real-time target: its timer inputs, TIME-WAIT most. */
    private static int waits(Case c) {
        int w = 0;
        for (Input in : c.test().inputs()) {
            if (in == Timeout.TIME_WAIT) {
                w += 60;
            } else if (in == Timeout.USER) {
                w += 10;
            } else if (in instanceof Timeout) {
                w += 1;
            }
        }
        return w;
    }

    private void walks(Settings settings, SplittableRandom random, Listener listener) {
        List<TestCase> starts = tourCases(settings.profile());
        List<Walk> drawn = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < settings.walks(); i++) {
            long walkSeed = random.nextLong();
            Walk walk = Walk.draw(walkSeed, settings.maxWalkLength(), starts);
            drawn.add(walk);
            seeds.add(walkSeed);
            cases.add(walk.toCase(graph, settings.profile(), "walk-" + (i + 1)));
        }
        runEach(cases, (c, i) -> shrunkIfUnexpected(runner.run(c), drawn.get(i), seeds.get(i), i, settings),
                Suite.WALKS, listener);
    }

    /** A walk's result, or if it was unexpected, the result of the shortest walk that still is. */
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

    /**
     * The shortest walk, as far as removing inputs and lowering choices goes, whose outcome is
     * still unexpected: the harness's own shrinking, so that the CLI gets it too (the jqwik
     * properties of the test suite shrink the same choices).
     */
    public Walk shrink(Walk failing, Profile profile) {
        Walk best = failing.truncated(runner.run(failing.toCase(graph, profile, "shrink")).steps().size());
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int n = 0; n < best.prefix().size(); n++) {
                Walk candidate = best.withPrefix(best.prefix().subList(0, n));
                if (unexpected(candidate, profile)) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
            for (int i = best.choices().size() - 1; i >= 0; i--) {
                Walk candidate = best.without(i);
                if (unexpected(candidate, profile)) {
                    best = candidate;
                    progress = true;
                }
            }
            for (int i = 0; i < best.choices().size(); i++) {
                for (int lower : new int[] {0, best.choices().get(i) / 2}) {
                    if (lower < best.choices().get(i)) {
                        Walk candidate = best.with(i, lower);
                        if (unexpected(candidate, profile)) {
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

    private boolean unexpected(Walk w, Profile profile) {
        return (!w.choices().isEmpty() || !w.prefix().isEmpty())
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

        /** Prefix, choices, tester ISN and target seed: enough to replay the walk. */
        public String replay() {
            return "prefix " + prefix.stream().map(Input::label).toList() + " choices " + choices
                    + " peer-iss " + peerIss + " target-seed " + targetSeed;
        }
    }
}
