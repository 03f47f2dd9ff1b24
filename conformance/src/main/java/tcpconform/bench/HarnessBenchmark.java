package tcpconform.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import tcpconform.model.graph.StateGraph;
import tcpconform.model.path.Walks;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.Reference;
import tcpconform.run.Campaign;
import tcpconform.run.Expectations;
import tcpconform.run.Tally;
import tcpconform.sut.Targets;

/**
 * How fast the harness checks transitions against the own stack, and how long {@code --suite all}
 * with 10,000 walks takes, each against a reference measured in the same run: the model alone
 * decoding walks of the same lengths (no target, no packets, no judging).
 *
 * <p>{@code java -cp conformance/target/tcpconform.jar tcpconform.bench.HarnessBenchmark [walks] [rounds]}
 */
public final class HarnessBenchmark {

    private HarnessBenchmark() {
    }

    public static void main(String[] args) {
        int walks = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Profile profile = Profile.BASELINE;
        for (int round = 1; round <= rounds; round++) {
            long seed = round;
            double all = campaign(profile, EnumSet.allOf(Campaign.Suite.class), 10_000, seed)[0];
            double[] w = campaign(profile, EnumSet.of(Campaign.Suite.WALKS), walks, seed);
            double reference = modelOnly(profile, walks, seed);
            System.out.printf(Locale.ROOT, "round %d: --suite all --walks 10000: %.2f s; walks: %,.0f checked transitions/s;"
                            + " the model alone: %,.0f transitions/s; harness/model ratio %.3f%n",
                    round, all, w[1] / w[0], reference, (w[1] / w[0]) / reference);
        }
    }

    /** Seconds, and transitions checked. */
    private static double[] campaign(Profile profile, Set<Campaign.Suite> suites, int walks, long seed) {
        long start = System.nanoTime();
        Campaign c = new Campaign(profile, Targets.own(profile), Expectations.bundled("own"));
        Tally t = c.run(new Campaign.Settings(profile, suites, walks, seed, 30), r -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (t.unexpectedCount() != 0) {
            throw new IllegalStateException("unexpected outcomes: the benchmark measures a passing campaign");
        }
        return new double[] {seconds, t.steps()};
    }

    /** Transitions per second of the model alone, decoding random walks of up to 30 inputs. */
    private static double modelOnly(Profile profile, int walks, long seed) {
        StateGraph graph = StateGraph.of(profile);
        SplittableRandom r = new SplittableRandom(seed);
        long steps = 0;
        long start = System.nanoTime();
        for (int i = 0; i < walks; i++) {
            int n = 1 + r.nextInt(30);
            List<Integer> choices = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                choices.add(r.nextInt(1 << 16));
            }
            steps += Walks.decode(graph, () -> new Reference(profile, 1000, 5000), choices, "w").inputs().size();
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }
}
