package tcpconform.run;

import static tcpconform.run.Campaign.TOUR_PEER_ISS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tcpconform.model.Input;
import tcpconform.model.Timeout;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.graph.Transition;
import tcpconform.model.path.TestCase;
import tcpconform.model.path.TransitionTour;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;
import tcpconform.run.Campaign.Suite;
import tcpconform.run.Workers.Job;
import tcpconform.sut.TargetFactory;

/**
 * The transition tour of one run, in rounds. A case stops at its first finding, so the edges after
 * it are not exercised: each round takes the edges not yet exercised by ways that avoid every edge
 * a finding was made on. The first round already takes last the edges the target is known to
 * depart on (its expectations without {@code ?}) or may not take. On real time, the rounds are
 * planned from the tour's short cases while the cases that wait out a user timeout or TIME-WAIT
 * run on ({@link #first}); once everything else has ended, the last rounds take what is still not
 * exercised ({@link #last}), and the rest is listed in the tally with the reason.
 */
final class TourRounds {

    /** The most rounds after the first, in each of the two phases. */
    private static final int ROUNDS = 5;

    private final StateGraph graph;
    private final Runner runner;
    private final Expectations expectations;
    private final TargetFactory targets;
    private final Profile profile;
    private final long seed;
    private final Tally tally;
    private final Map<Transition, Step> departures;
    /** Wanted edges no way reached that avoids the departures: as these only grow, they stay out of reach. */
    private final Set<Transition> outOfReach = Collections.newSetFromMap(new IdentityHashMap<>());
    private int round;

    TourRounds(StateGraph graph, Runner runner, Expectations expectations, TargetFactory targets, Profile profile,
               long seed, Tally tally, Map<Transition, Step> departures) {
        this.graph = graph;
        this.runner = runner;
        this.expectations = expectations;
        this.targets = targets;
        this.profile = profile;
        this.seed = seed;
        this.tally = tally;
        this.departures = departures;
    }

    /**
     * The first round and those planned while the long cases run. The next round is planned once
     * every long case has reached its wait or stopped before it: in the first case its edges
     * count as pending and it is handed over in {@code later}, so that the plan does not depend
     * on when the waits end; in the second it counts at once.
     */
    void first(Workers workers, List<Workers.Batch> later) {
        SplittableRandom firstRound = new SplittableRandom(seed);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<LongCase> waiting = new ArrayList<>();
        Set<Transition> known = knownDepartures();
        // The long waits start first; the rest of the first round is planned while they run.
        for (TestCase t : TransitionTour.cases(graph, fresh(), longWaits(), known::contains, "tour-wait")) {
            waiting.add(LongCase.start(workers, runner, Case.of(Suite.TOUR.lower(), t, TOUR_PEER_ISS,
                    firstRound.nextLong()), firstLongWait(t)));
        }
        List<TestCase> tests = TransitionTour.cases(graph, fresh(), TransitionTour.postmanWalk(graph).stream()
                .filter(t -> !isLongWait(t.input())).toList(), t -> known.contains(t) || isLongWait(t.input()), "tour");
        while (true) {
            int before = tally.transitionsCovered();
            List<Job> now = new ArrayList<>();
            List<LongCase> started = new ArrayList<>();
            for (TestCase t : tests) {
                Case c = Case.of(Suite.TOUR.lower(), t, TOUR_PEER_ISS, (round == 0 ? firstRound : r).nextLong());
                int wait = firstLongWait(t);
                if (wait < 0) {
                    now.add(new Job(Suite.TOUR, c, () -> runner.run(c)));
                } else {
                    started.add(LongCase.start(workers, runner, c, wait));
                }
            }
            waiting.addAll(started);
            workers.start(now, Workers.Priority.URGENT).deliver();
            for (Iterator<LongCase> it = waiting.iterator(); it.hasNext(); ) {
                LongCase l = it.next();
                if (!l.reachesItsWait()) {
                    l.batch().deliver(); // it stopped before its wait: it counts now
                    it.remove();
                }
            }
            if (round == ROUNDS || (round > 0 && started.isEmpty() && tally.transitionsCovered() == before)) {
                break;
            }
            Set<Transition> pending = Collections.newSetFromMap(new IdentityHashMap<>());
            waiting.forEach(l -> pending.addAll(l.c().test().transitions()));
            List<TestCase> next = nextRound(pending::contains);
            if (next.isEmpty()) {
                break;
            }
            tests = next;
        }
        waiting.forEach(l -> later.add(l.batch()));
    }

    /**
     * The last rounds, once everything else has ended: the edges still not exercised, round after
     * round while each adds something. What is still not exercised then is listed in the tally
     * with the reason.
     */
    void last(Workers workers) {
        SplittableRandom r = new SplittableRandom(seed ^ 0xC2B2AE35L);
        for (int more = 0; more < ROUNDS; more++) {
            List<TestCase> tests = nextRound(t -> false);
            if (tests.isEmpty()) {
                break;
            }
            List<Job> jobs = new ArrayList<>();
            for (TestCase t : tests) {
                Case c = Case.of(Suite.TOUR.lower(), t, TOUR_PEER_ISS, r.nextLong());
                jobs.add(new Job(Suite.TOUR, c, () -> runner.run(c)));
            }
            int before = tally.transitionsCovered();
            workers.start(jobs, Workers.Priority.URGENT).deliver();
            if (tally.transitionsCovered() == before) {
                break;
            }
        }
        Reference closed = fresh().get();
        for (Transition t : graph.transitions()) {
            if (tally.use(t).runs() == 0) {
                tally.addUnreached(t, whyUnreached(t, closed));
            }
        }
    }

    private Supplier<Reference> fresh() {
        return () -> new Reference(profile, 1000, TOUR_PEER_ISS);
    }

    /**
     * The edges the target is known to depart on (its expectations without {@code ?}) or may not
     * take: the first round takes them last in their cases, since a case stops at its first
     * finding.
     */
    private Set<Transition> knownDepartures() {
        Set<Transition> known = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Transition t : graph.transitions()) {
            if (expectations.departsOn(t) || targets.mayNotTake(t)) {
                known.add(t);
            }
        }
        return known;
    }

    /**
     * The edges that wait out a user timeout or TIME-WAIT: the first round gives them cases of
     * their own, by the shortest ways, so that on real time the long waits start at once and are
     * not lost to a departure on the way.
     */
    private List<Transition> longWaits() {
        return TransitionTour.postmanWalk(graph).stream().filter(t -> isLongWait(t.input())).distinct().toList();
    }

    /**
     * The next round's cases: ways to the edges not yet exercised, nor departed on, nor pending,
     * that avoid every edge a finding was made on; none when there is nothing left to try.
     */
    private List<TestCase> nextRound(Predicate<Transition> pending) {
        List<Transition> wanted = TransitionTour.postmanWalk(graph).stream()
                .filter(t -> tally.use(t).runs() == 0 && !departures.containsKey(t) && !pending.test(t)
                        && !outOfReach.contains(t))
                .distinct().toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        round++;
        Set<Transition> avoid = Set.copyOf(departures.keySet());
        List<TestCase> tests = TransitionTour.cases(graph, fresh(), wanted, avoid::contains, "tour-r" + round);
        Set<Transition> planned = Collections.newSetFromMap(new IdentityHashMap<>());
        tests.forEach(t -> planned.addAll(t.transitions()));
        wanted.stream().filter(t -> !planned.contains(t)).forEach(outOfReach::add);
        return tests;
    }

    private static boolean isLongWait(Input in) {
        return in == Timeout.USER || in == Timeout.TIME_WAIT;
    }

    /** The index of a case's first user timeout or TIME-WAIT, each a wait of many seconds on real time; -1 if none. */
    private static int firstLongWait(TestCase t) {
        List<Input> inputs = t.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            if (isLongWait(inputs.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private String whyUnreached(Transition t, Reference closed) {
        Step here = departures.get(t);
        if (here != null && here.verdict() == Verdict.INCONCLUSIVE) {
            return shorten(here.finding());
        }
        List<Transition> path = TransitionTour.shortestPathTo(graph, closed, t).orElse(List.of());
        for (Transition on : path) {
            Step departed = departures.get(on);
            if (departed != null && on != t) {
                return "every way of up to 8 inputs goes through an edge the target departs on, e.g. "
                        + expectations.keyOf(departed) + " (" + departed.verdict() + ": "
                        + shorten(departed.finding()) + ")";
            }
        }
        return path.isEmpty() ? "not reached from CLOSED within 8 inputs" : "not reached: its cases stopped before it";
    }

    private static String shorten(String finding) {
        return finding.length() <= 160 ? finding : finding.substring(0, 157) + "...";
    }

    /** A case with a long wait, running on: whether it reaches the wait is known before it ends. */
    private record LongCase(Case c, Workers.Batch batch, CountDownLatch known, AtomicBoolean reached) {

        static LongCase start(Workers workers, Runner runner, Case c, int wait) {
            CountDownLatch known = new CountDownLatch(1);
            AtomicBoolean reached = new AtomicBoolean();
            Workers.Batch batch = workers.start(List.of(new Job(Suite.TOUR, c, () -> {
                try {
                    return runner.run(c, i -> {
                        if (i == wait) {
                            reached.set(true);
                            known.countDown();
                        }
                    });
                } finally {
                    known.countDown();
                }
            })), Workers.Priority.SOON);
            return new LongCase(c, batch, known, reached);
        }

        /** Waits until the case has reached its long wait or ended before it; tells which. */
        boolean reachesItsWait() {
            try {
                known.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return reached.get();
        }
    }
}
