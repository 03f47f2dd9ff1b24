package tcpconform.model.graph;

import java.util.List;

import tcpconform.model.Call;
import tcpconform.model.Input;
import tcpconform.model.Response;
import tcpconform.model.TcpState;

/**
 * An edge of the state graph: in {@code from}, {@code input} leads to {@code to} with {@code
 * response}, as RFC 9293 {@code section} says; {@code requirements} are the labels it exercises.
 * Parallel edges (same input, other target) are told apart by {@code condition}, which names the
 * part of the TCB the abstract state does not show.
 *
 * <p>Identity equality, and a public no-argument constructor, as JGraphT's algorithms expect of
 * edge classes.
 */
public final class Transition {

    private final TcpState from;
    private final Input input;
    private final Response response;
    private final TcpState to;
    private final String section;
    private final List<String> requirements;
    private final String condition;

    /** For JGraphT's edge suppliers; not a usable transition. */
    public Transition() {
        this(TcpState.CLOSED, Call.LISTEN, Response.NOTHING, TcpState.CLOSED, "", List.of(), "");
    }

    public Transition(TcpState from, Input input, Response response, TcpState to, String section,
                      List<String> requirements, String condition) {
        this.from = from;
        this.input = input;
        this.response = response;
        this.to = to;
        this.section = section;
        this.requirements = List.copyOf(requirements);
        this.condition = condition;
    }

    public TcpState from() {
        return from;
    }

    public Input input() {
        return input;
    }

    public Response response() {
        return response;
    }

    public TcpState to() {
        return to;
    }

    /** The RFC 9293 section, e.g. {@code 3.10.7.4}. */
    public String section() {
        return section;
    }

    /** Requirement labels of RFC 9293 Appendix B, e.g. {@code MUST-10}. */
    public List<String> requirements() {
        return requirements;
    }

    /** When this edge applies rather than a parallel one; empty if always. */
    public String condition() {
        return condition;
    }

    /** E.g. {@code LISTEN --<S seq:any>/ >S.--> SYN-RECEIVED}. */
    public String label() {
        return from + " --" + input.label() + " / " + response.label() + "--> " + to
                + (condition.isEmpty() ? "" : " [" + condition + "]");
    }

    @Override
    public String toString() {
        return label();
    }
}
