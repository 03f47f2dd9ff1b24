package tcpconform.sut.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.graph.Transition;
import tcpconform.sut.SystemUnderTest.Capabilities;

/**
 * What an agent declares in its HELLO: its name, a line describing the stack, whether its time is
 * virtual, whether it can tell the state, the calls it takes, and the calls it may refuse in a
 * state ({@code refuses=close@SYN-RECEIVED,...}).
 */
record Hello(String name, String description, Capabilities capabilities, Set<String> refuses) {

    private static final Set<String> KEYS = Set.of("name", "description", "virtual-time", "state", "calls", "refuses",
            "data");

    /**
     * Reads a HELLO payload.
     *
     * @throws AgentFailure naming what is wrong
     */
    static Hello parse(String payload) {
        String[] lines = payload.split("\n", -1);
        if (!lines[0].startsWith("tcpconform-agent ")) {
            throw new AgentFailure("agent's HELLO does not start with 'tcpconform-agent VERSION': '"
                    + AgentProtocol.abbreviated(lines[0]) + "'");
        }
        if (!lines[0].equals(AgentProtocol.GREETING)) {
            throw new AgentFailure("agent speaks '" + lines[0] + "'; this harness speaks '" + AgentProtocol.GREETING + "'");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq < 0 || !KEYS.contains(lines[i].substring(0, eq))) {
                throw new AgentFailure("agent's HELLO line " + (i + 1) + " is not one of " + KEYS + " as KEY=VALUE: '"
                        + AgentProtocol.abbreviated(lines[i]) + "'");
            }
            m.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        String name = m.getOrDefault("name", "");
        if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new AgentFailure("agent's HELLO needs name=NAME, of lower-case letters, digits, '.' and '-'; got '" + name + "'");
        }
        List<Call> calls = new ArrayList<>();
        for (String c : m.getOrDefault("calls", "").split(",")) {
            if (c.isEmpty()) {
                continue;
            }
            calls.add(call(c));
        }
        Set<String> refuses = new java.util.LinkedHashSet<>();
        for (String r : m.getOrDefault("refuses", "").split(",")) {
            if (r.isEmpty()) {
                continue;
            }
            String[] p = r.split("@", 2);
            if (p.length != 2) {
                throw new AgentFailure("agent's HELLO: refuses= takes CALL@STATE pairs, not '" + r + "'");
            }
            call(p[0]);
            state(p[1]);
            refuses.add(r);
        }
        return new Hello(name, m.getOrDefault("description", name),
                new Capabilities(flag(m, "virtual-time"), flag(m, "state"), calls, flag(m, "data")), Set.copyOf(refuses));
    }

    /** Whether the agent said it may refuse this call edge. */
    boolean mayRefuse(Transition edge) {
        return edge.input() instanceof Call c && refuses.contains(c.label() + "@" + stateName(edge.from()));
    }

    static String stateName(TcpState s) {
        return s.name().replace('_', '-');
    }

    static TcpState state(String name) {
        for (TcpState s : TcpState.values()) {
            if (stateName(s).equals(name)) {
                return s;
            }
        }
        throw new AgentFailure("agent named no state of RFC 9293: '" + AgentProtocol.abbreviated(name) + "'");
    }

    private static Call call(String label) {
        for (Call c : Call.values()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new AgentFailure("agent named a call the protocol does not have: '" + label + "'");
    }

    private static boolean flag(Map<String, String> m, String key) {
        String v = m.getOrDefault(key, "no");
        if (!v.equals("yes") && !v.equals("no")) {
            throw new AgentFailure("agent's HELLO: " + key + "= takes yes or no, not '" + v + "'");
        }
        return v.equals("yes");
    }
}
