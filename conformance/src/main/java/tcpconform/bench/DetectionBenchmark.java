package tcpconform.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import tcpconform.model.profile.Profile;
import tcpconform.run.Campaign;
import tcpconform.run.Expectations;
import tcpconform.sut.BrokenVariant;
import tcpconform.sut.Targets;

/**
 * Time to detect: for each broken variant of the own stack, how many random walks, and how many
 * seconds from a fresh campaign (the graph and the tour the walks start from included), until the
 * first walk with an unexpected outcome, over several seeds. As a reference in the same run, the
 * correct stack's walks per second over the same number of walks.
 *
 * <p>{@code java -cp conformance/target/tcpconform.jar tcpconform.bench.DetectionBenchmark [seeds]}
 */
public final class DetectionBenchmark {

    /** The most walks tried for one seed before the variant counts as not caught. */
    private static final int MAX_WALKS = 10_000;
    private static final int MAX_WALK_LENGTH = 30;

    private DetectionBenchmark() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        List<Double> all = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-38s %8s %12s %14s %14s%n", "variant", "caught", "walks (med)", "seconds (med)",
                "seconds (max)");
        for (BrokenVariant.Bug bug : BrokenVariant.Bug.values()) {
            int[] walks = new int[seeds];
            double[] seconds = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                long start = System.nanoTime();
                Campaign c = new Campaign(bug.profile(), Targets.broken(bug, bug.profile()), Expectations.bundled("own"));
                OptionalInt n = c.walksUntilUnexpected(bug.profile(), s + 1, MAX_WALKS, MAX_WALK_LENGTH);
                seconds[s] = (System.nanoTime() - start) / 1e9;
                walks[s] = n.orElse(Integer.MAX_VALUE);
            }
            Arrays.sort(walks);
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            Arrays.stream(seconds).forEach(all::add);
            long caught = Arrays.stream(walks).filter(w -> w != Integer.MAX_VALUE).count();
            System.out.printf(Locale.ROOT, "%-38s %8s %12s %14.3f %14.3f%n", bug.lower(), caught + "/" + seeds,
                    walks[seeds / 2] == Integer.MAX_VALUE ? "not caught" : String.valueOf(walks[seeds / 2]),
                    sorted[seeds / 2], sorted[seeds - 1]);
        }
        all.sort(null);
        System.out.printf(Locale.ROOT, "median over every variant and seed: %.3f s%n", all.get(all.size() / 2));
        System.out.printf(Locale.ROOT, "reference: the correct stack, %,.0f walks a second%n", reference());
    }

    /** Walks a second of a walks campaign against the correct stack, after a warm-up. */
    private static double reference() {
        Profile p = Profile.BASELINE;
        Campaign c = new Campaign(p, Targets.own(p), Expectations.bundled("own"));
        c.walksUntilUnexpected(p, 99, 2_000, MAX_WALK_LENGTH);
        long start = System.nanoTime();
        OptionalInt n = c.walksUntilUnexpected(p, 100, 10_000, MAX_WALK_LENGTH);
        if (n.isPresent()) {
            throw new IllegalStateException("the correct stack had an unexpected outcome: the reference is not a passing run");
        }
        return 10_000 / ((System.nanoTime() - start) / 1e9);
    }
}
