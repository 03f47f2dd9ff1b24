package tcpconform.cli;

import java.io.PrintStream;
import java.util.List;

import tcpconform.sut.agent.AgentCheck;

/** {@code agent-check COMMAND}: the agent protocol's own conformance test, against an agent. */
final class AgentCheckCommand {

    private AgentCheckCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        if (args.size() != 1 || args.get(0).isBlank() || args.get(0).startsWith("--")) {
            throw new Main.UsageException("agent-check takes one argument: the command that starts the agent, quoted");
        }
        List<AgentCheck.Result> results = AgentCheck.run(args.get(0));
        int failed = 0;
        for (AgentCheck.Result r : results) {
            String mark = switch (r.outcome()) {
                case PASS -> "PASS";
                case FAIL -> "FAIL";
                case NOT_APPLICABLE -> "n/a ";
            };
            out.println(mark + "  " + r.name() + (r.detail().isEmpty() ? "" : ": " + r.detail()));
            if (r.outcome() == AgentCheck.Outcome.FAIL) {
                failed++;
            }
        }
        out.println(failed == 0 ? "agent-check: the agent holds the conversation of protocol version 1"
                : "agent-check: the agent fails; the checks after the first failure were not run");
        return failed == 0 ? Main.OK : Main.UNEXPECTED;
    }
}
