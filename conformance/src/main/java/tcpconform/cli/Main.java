package tcpconform.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import tcpconform.model.graph.GraphExport;
import tcpconform.model.graph.StateGraph;
import tcpconform.model.profile.Profile;
import tcpconform.report.AllureResults;
import tcpconform.run.Expectations;
import tcpconform.sut.linux.Interop;
import tcpconform.sut.linux.LinuxTarget;

/**
 * The command line: {@code java -jar tcpconform.jar COMMAND [OPTIONS]}. Exit codes: 0 success,
 * 1 unexpected outcomes, 2 usage or set-up error (with a one-line reason on standard error).
 */
public final class Main {

    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "usage: tcpconform COMMAND [OPTIONS]",
            "",
            "commands:",
            "  model [--format dot|mermaid|json] [--profile NAME] [--all-edges]",
            "        print the RFC 9293 state graph (default format: json; profiles: baseline,",
            "        rfc5961, keepalive, linux; --all-edges draws every transition in dot/mermaid)",
            "  run [--target own] [--suite tour|walks|scenarios|all] [--walks N] [--seed N]",
            "      [--profile NAME] [--results DIR] [--expectations FILE] [--write-expectations FILE]",
            "      [--max-walk-length N] [--json]",
            "        run a conformance campaign against a target and print a summary (defaults:",
            "        target own, suite all, 1000 walks, profile baseline, a random seed that the",
            "        summary shows; targets: own, linux, lwip, gvisor, slirp, agent:COMMAND for any",
            "        agent, or several separated by commas, compared side by side); --results writes",
            "        Allure results (a test per case, with the",
            "        pcap, tcpdump text and a sequence diagram); --expectations replaces the",
            "        target's bundled list of known deviations; --write-expectations FILE records every",
            "        departure the campaign saw as an expectations file, the baseline a later run",
            "        compares with; --json prints the summary as JSON.",
            "        Exit code 0 when every outcome is as the model and the expectations say, 1 if not",
            "  requirements [--target own] [--profile NAME] [--walks N] [--seed N] [--json]",
            "        run a campaign (all suites, 200 walks) and print the RFC 9293 conformance",
            "        matrix: each of the 119 requirements met, violated, deviation or not exercised",
            "  interop [--bytes N] [--mtu N] [--json]",
            "        bulk transfers between the own stack and the machine's kernel over TUN in a",
            "        private namespace (own stack as client and as server, both directions with a",
            "        half-close, every byte checked), and kernel to kernel over veth as the",
            "        reference, on links of the same MTU; needs root. Defaults: 64 MiB a direction,",
            "        MTU 1500. Exit code 1 if a byte is wrong or a transfer stalls",
            "  check FILE [--json] [--report DIR] [--brief] [--profile NAME]",
            "        judge captured traffic (pcap or pcapng, from FILE or, with -, standard input:",
            "        zcat trace.pcap.gz | tcpconform check -; Ethernet, Linux cooked SLL/SLL2, raw IP,",
            "        loopback/null; IPv4 and IPv6) against the model: each connection's endpoints'",
            "        states inferred step by step and every segment checked; prints each",
            "        connection's trajectory (--brief: only those with violations) and a summary;",
            "        --json the JSON form, --report DIR Allure results (a test per connection).",
            "        Exit code 0 clean, 1 violations, 2 a file that is damaged or not a capture",
            "  agent-check COMMAND",
            "        hold the agent protocol's conversation (docs/agent-protocol.md) with the agent",
            "        COMMAND starts, check by check; exit code 0 if it holds it, 1 if not",
            "  help  print this text",
            "",
            "exit codes: 0 success, 1 unexpected outcomes, 2 usage or set-up error");

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = bufferedStandardOutput();
        Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "tcpconform-flush"));
        int code;
        try {
            code = run(args, out, standardErrorAfter(out));
        } finally {
            out.flush();
        }
        System.exit(code);
    }

    /**
     * Standard error that first writes out what standard output holds, so that on a terminal the
     * two keep the order in which they were written (a summary, then the error that ended it).
     */
    private static PrintStream standardErrorAfter(PrintStream out) {
        OutputStream afterOut = new OutputStream() {
            @Override
            public void write(int b) {
                out.flush();
                System.err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.flush();
                System.err.write(b, off, len);
            }

            @Override
            public void flush() {
                System.err.flush();
            }
        };
        return new PrintStream(afterOut, true, encoding("stderr"));
    }

    /**
     * Standard output in the encoding {@code System.out} uses, buffered. {@code System.out}
     * itself flushes at every line, which costs a system call per line: {@code check} prints a
     * line for every change of state in a capture (docs/benchmarks.md). Progress goes to
     * standard error, which stays unbuffered.
     */
    private static PrintStream bufferedStandardOutput() {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
                encoding("stdout"));
    }

    /** The encoding the JVM gave {@code System.out} or {@code System.err} ({@code stream}: stdout, stderr). */
    private static Charset encoding(String stream) {
        String name = System.getProperty(stream + ".encoding", System.getProperty("sun." + stream + ".encoding"));
        return name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    }

    /** The lines of {@link #USAGE_TEXT} about one command, or null if there is no such command. */
    static String usageOf(String command) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : USAGE_TEXT.split("\n")) {
            boolean commandLine = line.startsWith("  ") && !line.startsWith("   ");
            if (commandLine) {
                in = line.equals("  " + command) || line.startsWith("  " + command + " ");
            }
            if (in) {
                b.append(line).append('\n');
            }
        }
        return b.length() == 0 ? null : "usage: tcpconform" + b.toString().stripTrailing().substring(1);
    }

    /** Runs a command with the process's standard input; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs a command; returns the exit code. */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (rest.contains("--help") || rest.contains("-h")) {
            String usage = usageOf(args[0]);
            if (usage != null) {
                out.println(usage);
                return OK;
            }
        }
        try {
            switch (args[0]) {
                case "model":
                    return model(rest, out);
                case "run":
                    return RunCommand.run(rest, out, err);
                case "requirements":
                    return RunCommand.requirements(rest, out, err);
                case "interop":
                    return interop(rest, out, err);
                case "check":
                    return CheckCommand.run(rest, in, out, err);
                case "agent-check":
                    return AgentCheckCommand.run(rest, out);
                default:
                    throw new UsageException("unknown command '" + args[0] + "' (try: tcpconform help)");
            }
        } catch (UsageException e) {
            err.println("tcpconform: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            // A failure of the machine or of the harness itself: one line, not a stack trace.
            err.println("tcpconform: the run stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return USAGE;
        }
    }

    private static int model(List<String> args, PrintStream out) {
        String format = "json";
        Profile profile = Profile.BASELINE;
        boolean allEdges = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--format" -> format = value(args, ++i, a);
                case "--profile" -> {
                    String name = value(args, ++i, a);
                    try {
                        profile = Profile.named(name);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--all-edges" -> allEdges = true;
                default -> throw new UsageException("model: unknown option '" + a + "'");
            }
        }
        StateGraph graph = StateGraph.of(profile);
        switch (format) {
            case "json" -> out.print(GraphExport.json(graph));
            case "dot" -> out.print(GraphExport.dot(graph, allEdges));
            case "mermaid" -> out.print(GraphExport.mermaid(graph, allEdges));
            default -> throw new UsageException("model: --format must be dot, mermaid or json, not '" + format + "'");
        }
        return OK;
    }

    private static int interop(List<String> args, PrintStream out, PrintStream err) {
        long bytes = 64L << 20;
        int mtu = 1500;
        boolean json = false;
        Path results = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--bytes" -> {
                    String v = value(args, ++i, a);
                    try {
                        bytes = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        bytes = -1;
                    }
                    if (bytes <= 0) {
                        throw new UsageException("interop: --bytes must be a positive number, not '" + v + "'");
                    }
                }
                case "--mtu" -> {
                    String v = value(args, ++i, a);
                    try {
                        mtu = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        mtu = -1;
                    }
                    if (mtu < 576 || mtu > 65535) {
                        throw new UsageException("interop: --mtu must lie between 576 and 65535, not '" + v + "'");
                    }
                }
                case "--json" -> json = true;
                case "--results" -> results = Path.of(value(args, ++i, a));
                default -> throw new UsageException("interop: unknown option '" + a + "'");
            }
        }
        Optional<String> cannot = LinuxTarget.unavailable();
        if (cannot.isPresent()) {
            err.println("tcpconform: interop: " + cannot.get());
            return USAGE;
        }
        err.println("interop: " + bytes + " octets each way at MTU " + mtu + ", own stack over TUN and kernel over veth ...");
        List<Interop.Transfer> transfers = Interop.run(bytes, mtu);
        out.print(json ? Interop.json(transfers) : Interop.table(transfers));
        boolean intact = transfers.stream().allMatch(Interop.Transfer::intact);
        if (results != null) {
            try {
                new AllureResults(results, "linux", "interop", Expectations.none()).writeReport(
                        "Interoperability: own stack and kernel over TUN, " + bytes + " octets each way at MTU " + mtu,
                        Interop.table(transfers), intact, "transfers.json", "application/json", "json",
                        Interop.json(transfers).getBytes(StandardCharsets.UTF_8));
            } catch (UncheckedIOException e) {
                throw new UsageException("interop: " + e.getMessage());
            }
        }
        return intact ? OK : 1;
    }

    static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    /** A usage error: reported in one line, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
