package tcpconform.run;

import java.util.List;

import tcpconform.codec.WireSegment;
import tcpconform.model.Input;
import tcpconform.model.TcpState;
import tcpconform.model.graph.Transition;
import tcpconform.model.reference.Prediction;
import tcpconform.sut.SystemUnderTest.Signal;

/**
 * One input applied to a target, what it did, and the verdict.
 *
 * @param index        the position in the case, from 0
 * @param input        the abstract input
 * @param transition   the edge of the state graph the model takes
 * @param injected     the segment the tester sent, or null for a call or a timeout
 * @param observed     what the target sent in response
 * @param signals      what its application was told
 * @param prediction   the model's prediction, or null if the input was not applied
 * @param state        the state the target reports afterwards, or null if it cannot tell
 * @param verdict      the verdict
 * @param finding      what differs from the model, or empty
 * @param requirements the requirement labels the step exercises
 * @param violated     of those, the ones a FAIL or DEVIATION holds against: the labels its
 *                     findings name, or all of them when a finding bears on the whole transition
 * @param listedAs     the expectations key the step is listed under instead of its own when every
 *                     finding came from a timer of the target running on its own (e.g.
 *                     {@code ESTABLISHED timeout:persist}), or null
 * @param section      the RFC 9293 section of the transition
 * @param time         the target's clock when the step began, in milliseconds
 */
public record Step(int index, Input input, Transition transition, Observed injected, List<Observed> observed,
                   List<Signal> signals, Prediction prediction, TcpState state, Verdict verdict, String finding,
                   List<String> requirements, List<String> violated, String listedAs, String section, long time) {

    public Step {
        observed = List.copyOf(observed);
        signals = List.copyOf(signals);
        requirements = List.copyOf(requirements);
        violated = List.copyOf(violated);
    }

    /**
     * A packet on the wire, decoded, with the raw octets and the time it was sent.
     *
     * @param segment the decoded segment, or null if it could not be decoded
     * @param raw     the IPv4 packet
     * @param time    the target's clock, in milliseconds
     * @param note    the pattern it matched or what is wrong with it
     */
    public record Observed(WireSegment segment, byte[] raw, long time, String note) {
    }

    /** The model's prediction in words, e.g. {@code S. seq * ack 5001 -> SYN-RECEIVED}. */
    public String expected() {
        return prediction == null ? "" : Runner.describe(prediction);
    }

    /** The step as tcpdump lines: the injected segment ({@code <}) then the target's ({@code >}). */
    public String tcpdumpName() {
        if (injected != null && injected.segment() != null) {
            return "< " + injected.segment().tcpdump();
        }
        return input.label();
    }
}
