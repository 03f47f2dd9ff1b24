package tcpconform.model.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tcpconform.model.Call;
import tcpconform.model.Input;
import tcpconform.model.Output;
import tcpconform.model.SegmentInput;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;

/**
 * Renders a state graph as Graphviz DOT, Mermaid, or JSON. DOT and Mermaid draw the diagram:
 * one arrow per pair of distinct states, labelled with the kinds of input that cause it (every
 * edge with {@code allEdges}); JSON lists every transition.
 */
public final class GraphExport {

    private GraphExport() {
    }

    /** Graphviz DOT. */
    public static String dot(StateGraph g, boolean allEdges) {
        StringBuilder s = new StringBuilder("digraph tcp {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n");
        for (TcpState st : TcpState.values()) {
            s.append("  \"").append(st).append("\";\n");
        }
        for (Arrow a : arrows(g, allEdges)) {
            s.append("  \"").append(a.from).append("\" -> \"").append(a.to).append("\" [label=\"")
                    .append(escape(a.label)).append("\"];\n");
        }
        return s.append("}\n").toString();
    }

    /** A Mermaid {@code stateDiagram-v2}. */
    public static String mermaid(StateGraph g, boolean allEdges) {
        StringBuilder s = new StringBuilder("stateDiagram-v2\n");
        for (TcpState st : TcpState.values()) {
            s.append("    ").append(st.name()).append(" : ").append(st).append('\n');
        }
        s.append("    [*] --> CLOSED\n");
        for (Arrow a : arrows(g, allEdges)) {
            s.append("    ").append(a.from.name()).append(" --> ").append(a.to.name()).append(" : ")
                    .append(a.label.replace(":", "#58;").replace(";", ",")).append('\n');
        }
        return s.toString();
    }

    /** Every state and every transition, as a JSON object. */
    public static String json(StateGraph g) {
        StringBuilder s = new StringBuilder("{\n  \"profile\": ").append(str(g.profile().name())).append(",\n");
        s.append("  \"states\": [").append(List.of(TcpState.values()).stream().map(st -> str(st.rfcName()))
                .collect(Collectors.joining(", "))).append("],\n  \"transitions\": [\n");
        List<String> items = new ArrayList<>();
        for (Transition t : g.transitions()) {
            items.add("    {\"from\": " + str(t.from().rfcName())
                    + ", \"to\": " + str(t.to().rfcName())
                    + ", \"input\": " + str(t.input().label())
                    + ", \"outputs\": {\"required\": " + outputs(t.response().required())
                    + ", \"optional\": " + outputs(t.response().optional()) + "}"
                    + ", \"section\": " + str(t.section())
                    + ", \"requirements\": [" + t.requirements().stream().map(GraphExport::str)
                    .collect(Collectors.joining(", ")) + "]"
                    + (t.condition().isEmpty() ? "" : ", \"condition\": " + str(t.condition()))
                    + "}");
        }
        return s.append(String.join(",\n", items)).append("\n  ]\n}\n").toString();
    }

    private record Arrow(TcpState from, TcpState to, String label) {
    }

    private static List<Arrow> arrows(StateGraph g, boolean allEdges) {
        List<Arrow> out = new ArrayList<>();
        if (allEdges) {
            for (Transition t : g.transitions()) {
                out.add(new Arrow(t.from(), t.to(), t.input().label() + " / " + t.response().label()));
            }
            return out;
        }
        Map<List<TcpState>, Set<String>> pairs = new LinkedHashMap<>();
        for (Transition t : g.transitions()) {
            if (t.from() != t.to()) {
                pairs.computeIfAbsent(List.of(t.from(), t.to()), k -> new LinkedHashSet<>()).add(summary(t.input()));
            }
        }
        pairs.forEach((k, v) -> out.add(new Arrow(k.get(0), k.get(1), String.join(" ", v))));
        return out;
    }

    /** The kind of an input: a call's name, a segment's flags, a timer's name. */
    private static String summary(Input in) {
        if (in instanceof Call c) {
            return c.label();
        }
        if (in instanceof Timeout t) {
            return t.label();
        }
        return "rcv " + ((SegmentInput) in).kind().tcpdump();
    }

    private static String outputs(Set<Output> outputs) {
        return "[" + outputs.stream().map(o -> str(o.label())).collect(Collectors.joining(", ")) + "]";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
