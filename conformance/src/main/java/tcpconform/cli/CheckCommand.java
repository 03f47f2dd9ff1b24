package tcpconform.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tcpconform.check.CaptureCheck;
import tcpconform.check.CheckOutput;
import tcpconform.check.ConnectionResult;
import tcpconform.cli.Main.UsageException;
import tcpconform.model.profile.Profile;

/**
 * {@code check FILE [--json] [--report DIR] [--brief] [--profile NAME]}: judges captured traffic
 * against the model; FILE {@code -} is standard input. Exit codes: 0 the capture is clean, 1 a
 * violation was found, 2 a usage error or a file that could not be read to its end (what was read
 * before the damage is still reported).
 */
final class CheckCommand {

    private CheckCommand() {
    }

    /** The name a capture read from standard input ({@code check -}) goes by in messages and reports. */
    private static final String STANDARD_INPUT = "standard input";

    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        Path file = null;
        boolean json = false;
        boolean brief = false;
        Path report = null;
        List<Profile> profiles = Profile.known();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--brief" -> brief = true;
                case "--report" -> report = Path.of(Main.value(args, ++i, a));
                case "--profile" -> {
                    String name = Main.value(args, ++i, a);
                    try {
                        profiles = List.of(Profile.named(name));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("check: " + e.getMessage());
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("check: unknown option '" + a + "'");
                    }
                    if (file != null) {
                        throw new UsageException("check: one capture file at a time ('" + file + "' and '" + a + "')");
                    }
                    file = Path.of(a);
                }
            }
        }
        if (file == null) {
            throw new UsageException("check: which capture? usage: check FILE|- [--json] [--report DIR] [--brief] [--profile NAME]");
        }
        boolean fromInput = file.toString().equals("-");
        if (!fromInput && !Files.isRegularFile(file)) {
            throw new UsageException("check: " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        if (!fromInput && !Files.isReadable(file)) {
            throw new UsageException("check: " + file + " cannot be read");
        }
        String name = fromInput ? STANDARD_INPUT : file.toString();
        List<Consumer<ConnectionResult>> sinks = new ArrayList<>();
        CheckOutput.JsonStream stream = null;
        try {
            if (json) {
                stream = new CheckOutput.JsonStream(out, name);
                sinks.add(stream);
            } else {
                sinks.add(CheckOutput.text(out, !brief));
            }
            if (report != null) {
                sinks.add(CheckOutput.allure(report, name));
            }
            Consumer<ConnectionResult> all = r -> sinks.forEach(k -> k.accept(r));
            CaptureCheck.Summary s = fromInput ? CaptureCheck.check(in, name, profiles, all, err)
                    : CaptureCheck.check(file, profiles, all, err);
            if (stream != null) {
                stream.finish(s);
            } else {
                out.print(CheckOutput.summary(s));
            }
            if (s.error() != null) {
                err.println("tcpconform: check: " + s.error());
                return Main.USAGE;
            }
            return s.violations() == 0 ? Main.OK : Main.UNEXPECTED;
        } catch (UncheckedIOException e) {
            throw new UsageException("check: " + e.getMessage());
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
