package tcpconform.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The command line as a library call, for builds and tests that run it in process. */
public final class CommandLine {

    private CommandLine() {
    }

    /** Runs {@code tcpconform ARGS}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Main.run(args, out, err);
    }

    /** Runs {@code tcpconform ARGS} with {@code in} as its standard input; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return Main.run(args, in, out, err);
    }
}
