package tcpconform.model.reference;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tcpconform.model.Input;
import tcpconform.model.Notify;
import tcpconform.model.Output;
import tcpconform.model.Response;
import tcpconform.model.TcpState;

/**
 * One move of the reference: in {@code from}, the abstract {@code input} (and the concrete
 * segment, if it was one) leads to {@code to}, with these segments and notifications.
 *
 * @param from          the state before
 * @param input         the input, abstracted
 * @param segment       the concrete segment injected, or null for a call or a timeout
 * @param segments      the segments predicted, as patterns
 * @param notifications what the application is told
 * @param to            the state after
 */
public record Prediction(TcpState from, Input input, ConcreteSegment segment,
                         List<SegmentPattern> segments, List<Notify> notifications, TcpState to) {

    public Prediction {
        segments = List.copyOf(segments);
        notifications = List.copyOf(notifications);
    }

    /** The abstract response: what the state graph must allow for this move. */
    public Response response() {
        Set<Output> required = new LinkedHashSet<>();
        Set<Output> optional = new LinkedHashSet<>();
        for (SegmentPattern p : segments) {
            (p.optional() ? optional : required).add(p.kind());
        }
        required.addAll(notifications);
        optional.removeAll(required);
        return new Response(required, optional);
    }

    @Override
    public String toString() {
        return from + " --" + input.label() + "/" + segments + notifications + "--> " + to;
    }
}
