package tcpconform.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import tcpconform.check.CaptureCheck;
import tcpconform.model.profile.Profile;
import tcpconform.pcap.CaptureReader;
import tcpconform.pcap.Frame;

/**
 * How fast {@code check} judges a capture, against reading the same file without judging it
 * (the reference, measured in the same run). The capture is the own stack talking to itself
 * ({@link TrafficCapture}): thousands of connections of 128 KiB each way, under loss up to 5 %,
 * written once into the given file if it does not exist.
 *
 * <p>{@code java -cp conformance/target/tcpconform.jar tcpconform.bench.CheckBenchmark FILE [packets] [rounds]}
 */
public final class CheckBenchmark {

    private CheckBenchmark() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "target/check-benchmark.pcap");
        long packets = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!Files.exists(file)) {
            System.err.printf(Locale.ROOT, "writing a capture of at least %,d packets to %s ...%n", packets, file);
            TrafficCapture.write(file, packets, 0.05, 1);
        }
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            long frames = readOnly(file);
            double read = (System.nanoTime() - t0) / 1e9;
            Runtime.getRuntime().gc();
            CaptureCheck.Summary s = CaptureCheck.check(file, Profile.known(), r -> { }, null);
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT, "round %d: %,d packets, %,d connections, %d violations; read alone %.2f s "
                            + "(%,.0f packets/s); check %.2f s (%,.0f packets/s, %.2f of reading alone); at most %,d "
                            + "connections held; heap in use after %,d MiB%n",
                    round, frames, s.connections(), s.violations(), read, frames / read, s.seconds(),
                    s.packets() / s.seconds(), read / s.seconds(), s.maxHeld(), heap >> 20);
        }
    }

    private static long readOnly(Path file) {
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            CaptureReader r = new CaptureReader(in, file.toString());
            Frame f;
            while ((f = r.next()) != null) {
                n += f.length() > 0 ? 1 : 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }
}
