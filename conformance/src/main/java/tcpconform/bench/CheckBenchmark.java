package tcpconform.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tcpconform.check.CaptureCheck;
import tcpconform.check.CheckOutput;
import tcpconform.model.profile.Profile;
import tcpconform.pcap.CaptureReader;
import tcpconform.pcap.Frame;

/**
 * How fast {@code check} judges a capture, against reading the same file without judging it
 * (the reference, measured in the same round). The capture is the own stack talking to itself
 * ({@link TrafficCapture}): thousands of connections of 128 KiB each way, under loss up to 5 %,
 * written once into the given file if it does not exist.
 *
 * <p>Cold rounds run each side in a JVM of its own, the way a user runs {@code check}: the
 * command {@code check FILE} itself, its text output written to a file, and the reference,
 * reading the file alone. Then both run again and again in this JVM: in its first round the
 * check's code is not compiled yet (the reader's is), the later ones show the speed once the JIT
 * has compiled everything, and the heap the check leaves in use.
 *
 * <p>{@code java -Xmx256m -cp conformance/target/tcpconform.jar tcpconform.bench.CheckBenchmark FILE [packets] [cold rounds] [rounds in this JVM]}
 */
public final class CheckBenchmark {

    private static final String READ_ALONE = "--read-alone";
    private static final Pattern TOOK = Pattern.compile("took\\s+([0-9.]+) s");

    private CheckBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(READ_ALONE)) {
            long t0 = System.nanoTime();
            long frames = readAlone(Path.of(args[1]));
            System.out.printf(Locale.ROOT, "%d %.4f%n", frames, (System.nanoTime() - t0) / 1e9);
            return;
        }
        Path file = Path.of(args.length > 0 ? args[0] : "target/check-benchmark.pcap");
        long packets = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int cold = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int inProcess = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (!Files.exists(file)) {
            System.err.printf(Locale.ROOT, "writing a capture of at least %,d packets to %s ...%n", packets, file);
            TrafficCapture.write(file, packets, 0.05, 1);
        }
        List<Double> coldRates = new ArrayList<>();
        for (int round = 1; round <= cold; round++) {
            coldRates.add(coldRound(round, file));
        }
        if (!coldRates.isEmpty()) {
            List<Double> sorted = coldRates.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "cold: median %,.0f packets/s, slowest %,.0f, fastest %,.0f (%d rounds)%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
        }
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        for (int round = 1; round <= inProcess; round++) {
            long t0 = System.nanoTime();
            long frames = readAlone(file);
            double read = (System.nanoTime() - t0) / 1e9;
            Runtime.getRuntime().gc();
            CaptureCheck.Summary s = CaptureCheck.check(file, Profile.known(), CheckOutput.text(discard, true), null);
            long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT, "this JVM, round %d%s: %,d packets, %,d connections, %d violations; read alone %.2f s "
                            + "(%,.0f packets/s); check %.2f s (%,.0f packets/s, %.2f of reading alone); at most %,d "
                            + "connections held; heap in use after %,d MiB (of at most %,d MiB)%n",
                    round, round == 1 ? " (the check's first)" : " (warm)", frames, s.connections(), s.violations(), read,
                    frames / read, s.seconds(),
                    s.packets() / s.seconds(), read / s.seconds(), s.maxHeld(), heap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** One cold round: the reference and the check, each in a new JVM; returns the check's packets per second. */
    private static double coldRound(int round, Path file) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> jvm = List.of(java, "-Xmx256m", "-Duser.language=en", "-Duser.country=US", "-cp", classPath);

        List<String> reference = new ArrayList<>(jvm);
        reference.addAll(List.of(CheckBenchmark.class.getName(), READ_ALONE, file.toString()));
        Run r = run(reference);
        String[] read = r.output().strip().split(" ");
        long frames = Long.parseLong(read[0]);
        double readSeconds = Double.parseDouble(read[1]);

        List<String> check = new ArrayList<>(jvm);
        check.addAll(List.of("tcpconform.cli.Main", "check", file.toString()));
        Run c = run(check);
        Matcher m = TOOK.matcher(c.output());
        if (!m.find() || c.exitCode() != 0) {
            throw new IllegalStateException("check FILE exited " + c.exitCode() + " without a clean summary: "
                    + c.errors().strip());
        }
        double checkSeconds = Double.parseDouble(m.group(1));
        System.out.printf(Locale.ROOT, "cold round %d: read alone %.2f s (%.2f s with the JVM's start); check %.2f s "
                        + "(%,.0f packets/s, %.2f of reading alone), %.2f s with the JVM's start and the output "
                        + "(%,.0f packets/s, %,d lines written)%n",
                round, readSeconds, r.seconds(), checkSeconds, frames / checkSeconds, readSeconds / checkSeconds,
                c.seconds(), frames / c.seconds(), c.output().lines().count());
        return frames / checkSeconds;
    }

    /** What a child JVM printed, how it ended, and how long it took from start to end. */
    private record Run(String output, String errors, int exitCode, double seconds) {
    }

    private static Run run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("tcpconform-bench-", ".out");
            err = Files.createTempFile("tcpconform-bench-", ".err");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int code = p.waitFor();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Run(Files.readString(out), Files.readString(err), code, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long readAlone(Path file) {
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
