package tcpconform.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import tcpconform.pcap.PcapWriter;
import tcpconform.stack.link.Faults;

/**
 * Captures of the own stack talking to itself, for checking: one connection after another between
 * the same two addresses (so successive connections share four-tuples), each sending 128 KiB both
 * ways with a half-close, under link faults drawn from the seed up to the given ones. The capture
 * is taken where each packet leaves its sender, before the link loses, duplicates or corrupts it.
 */
public final class TrafficCapture {

    private TrafficCapture() {
    }

    /**
     * Writes connections until the capture holds at least {@code packets} packets; returns how many it holds.
     *
     * @param maxLoss the most loss a connection's link may have (0 for a clean link)
     */
    public static long write(Path file, long packets, double maxLoss, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] count = {0};
        long[] base = {1_700_000_000_000_000L};
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out)) {
            while (count[0] < packets) {
                Faults faults = maxLoss == 0 ? Faults.NONE
                        : new Faults(r.nextDouble(0, maxLoss), r.nextDouble(0, 0.02), r.nextDouble(0, 0.05), 0,
                        r.nextLong(1, 50), 20);
                long[] last = {0};
                String problem = FaultBenchmark.transfer(faults, r.nextLong(), false, (millis, p, off, len) -> {
                    try {
                        pcap.write(base[0] + millis * 1000, p, off, len);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    last[0] = millis;
                    count[0]++;
                });
                if (!problem.isEmpty()) {
                    throw new IllegalStateException("a connection of the capture failed: " + problem);
                }
                base[0] += last[0] * 1000 + 1_000_000;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return count[0];
    }
}
