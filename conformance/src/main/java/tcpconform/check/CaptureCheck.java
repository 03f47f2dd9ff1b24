package tcpconform.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import tcpconform.model.profile.Profile;

/**
 * Judges a capture file against the model: reads it frame by frame, groups the TCP segments into
 * connections, and hands each connection's result to a listener as soon as it is over, so that
 * memory follows the open connections rather than the file.
 */
public final class CaptureCheck {

    private static final long PROGRESS_NANOS = 5_000_000_000L;

    /**
     * What a check of one file found, in all.
     *
     * @param file          the file's name
     * @param packets       frames read
     * @param tcpSegments   frames that carried a TCP segment
     * @param skipped       frames not checked, by reason (not IP, not TCP, fragment, truncated)
     * @param connections   connections seen
     * @param violations    violations found
     * @param byRule        violations by rule and section
     * @param retransmissions segments recognised as retransmissions
     * @param keepAlives    keep-alives recognised
     * @param windowProbes  zero-window probes recognised
     * @param maxHeld       the most connections held in memory at once
     * @param error         why reading stopped early (a damaged or unsupported file), or null
     * @param profiles      the model's profiles the endpoints were judged against
     * @param seconds       how long the check took
     */
    public record Summary(String file, long packets, long tcpSegments, Map<String, Long> skipped, long connections,
                          long violations, Map<Violation.Heading, Long> byRule, long retransmissions, long keepAlives,
                          long windowProbes, int maxHeld, String error, List<String> profiles, double seconds) {

        /** Whether the capture was read to its end and nothing broke a rule. */
        public boolean clean() {
            return error == null && violations == 0;
        }
    }

    private CaptureCheck() {
    }

    /**
     * Checks a file. A damaged or unsupported file is reported in {@link Summary#error()}, after
     * everything read before the damage has been checked and handed on.
     *
     * @param progress where to say how far a long check has come (every 5 seconds), or null
     * @throws UncheckedIOException if the file cannot be opened or read
     */
    public static Summary check(Path file, List<Profile> profiles, Consumer<ConnectionResult> listener,
                                PrintStream progress) {
        try (InputStream in = Files.newInputStream(file)) {
            return check(in, file.toString(), profiles, listener, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks a capture read from a stream; {@code name} is used in messages. */
    public static Summary check(InputStream in, String name, List<Profile> profiles,
                                Consumer<ConnectionResult> listener, PrintStream progress) {
        long started = System.nanoTime();
        try (SegmentFeed feed = new SegmentFeed(in, name)) {
            // The model is built while the feed reads the first frames.
            PassiveModel model = new PassiveModel(profiles);
            long[] totals = new long[4];
            Map<Violation.Heading, Long> byRule = new TreeMap<>();
            Tracker tracker = new Tracker(model, r -> {
                totals[0] += r.violationCount();
                totals[1] += r.retransmissions();
                totals[2] += r.keepAlives();
                totals[3] += r.windowProbes();
                r.byHeading().forEach((h, n) -> byRule.merge(h, n, Long::sum));
                listener.accept(r);
            });
            long segments = 0;
            int maxHeld = 0;
            long nextProgress = started + PROGRESS_NANOS;
            try {
                SegmentFeed.Batch batch;
                while ((batch = feed.next()) != null) {
                    Segment[] s = batch.segments();
                    for (int i = 0; i < batch.count(); i++) {
                        tracker.add(s[i]);
                        maxHeld = Math.max(maxHeld, tracker.held());
                    }
                    segments += batch.count();
                    if (progress != null && System.nanoTime() > nextProgress) {
                        nextProgress = System.nanoTime() + PROGRESS_NANOS;
                        progress.printf("check: %,d packets, %,d connections so far%n", batch.frames(),
                                tracker.connections());
                    }
                }
            } finally {
                tracker.finish();
            }
            return summary(name, feed, segments, tracker.connections(), totals, byRule, maxHeld, profiles, started);
        }
    }

    private static Summary summary(String name, SegmentFeed feed, long segments, long connections, long[] totals,
                                   Map<Violation.Heading, Long> byRule, int maxHeld, List<Profile> profiles,
                                   long started) {
        Decoder decoder = feed.decoder();
        Map<String, Long> skipped = new LinkedHashMap<>();
        skipped.put("not IP", decoder.notIp);
        skipped.put("not TCP", decoder.notTcp);
        skipped.put("IP fragments", decoder.fragments);
        skipped.put("cut before the TCP header", decoder.truncated);
        return new Summary(name, feed.frames(), segments, skipped, connections, totals[0], byRule, totals[1],
                totals[2], totals[3], maxHeld, feed.error(), profiles.stream().map(Profile::name).toList(),
                (System.nanoTime() - started) / 1e9);
    }
}
