package tcpconform.sut.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.sut.CannotTake;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.agent.AgentProtocol.Frame;

/**
 * A stack driven through an agent (docs/agent-protocol.md): one session of an agent process,
 * from OPEN to the case's end. What the agent cannot do, and an agent that fails, make the step
 * INCONCLUSIVE with the reason ({@link CannotTake}); the process is then not used again.
 */
final class AgentTarget implements SystemUnderTest {

    /** How long an agent may take to answer an input that waits for no timer. */
    static final long ANSWER_MILLIS = Long.getLong("tcpconform.agent.answer", 10_000);
    /** How long an agent may take to let a timer expire: on real time, a user timeout or TIME-WAIT. */
    static final long TIMER_MILLIS = Long.getLong("tcpconform.agent.timer", 120_000);

    private static final List<Byte> DONE_OR_NOT = List.of(AgentProtocol.DONE, AgentProtocol.CANNOT, AgentProtocol.ERROR);

    private final AgentTargets.Pool pool;
    private final AgentProcess agent;
    private final Hello hello;
    private final String unusable;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Signal> signals = new ArrayList<>();
    /** The octets READ frames brought since {@link #octetsRead} was last asked. */
    private final java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
    private long clock;

    AgentTarget(AgentTargets.Pool pool, AgentProcess agent, Hello hello, String unusable) {
        this.pool = pool;
        this.agent = agent;
        this.hello = hello;
        this.unusable = unusable;
    }

    @Override
    public String name() {
        return hello.name();
    }

    @Override
    public String description() {
        return hello.description() + " (agent: " + pool.command + ")";
    }

    @Override
    public Capabilities capabilities() {
        return hello.capabilities();
    }

    @Override
    public void inject(byte[] packet) {
        perform(new Frame(AgentProtocol.PACKET, packet), ANSWER_MILLIS);
    }

    @Override
    public void call(Call call) {
        perform(Frame.text(AgentProtocol.CALL, call.label()), ANSWER_MILLIS);
    }

    @Override
    public void expire(Timeout timer) {
        perform(Frame.text(AgentProtocol.TIMER, timerName(timer)), TIMER_MILLIS);
    }

    @Override
    public void idle(long millis) {
        try {
            perform(Frame.text(AgentProtocol.IDLE, Long.toString(millis)), millis + ANSWER_MILLIS);
        } catch (CannotTake e) {
            // Idling is not a step of its own: a failure shows at the next input.
        }
    }

    @Override
    public List<Sent> sent() {
        collectUnsolicited();
        return SystemUnderTest.drain(sent);
    }

    @Override
    public List<Signal> signals() {
        collectUnsolicited();
        return SystemUnderTest.drain(signals);
    }

    @Override
    public Optional<TcpState> state() {
        if (!hello.capabilities().stateVisible() || unusable != null || !agent.healthy()) {
            return Optional.empty();
        }
        try {
            Frame f = agent.request(Frame.text(AgentProtocol.STATE, ""), ANSWER_MILLIS, List.of(AgentProtocol.STATE),
                    this::take);
            return f.text().isEmpty() ? Optional.empty() : Optional.of(Hello.state(f.text()));
        } catch (AgentFailure e) {
            agent.fail(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public byte[] octetsRead() {
        return SystemUnderTest.drain(read);
    }

    @Override
    public long now() {
        return clock;
    }

    /** The agent's process (for the tests of failures). */
    AgentProcess process() {
        return agent;
    }

    @Override
    public void close() {
        pool.release(agent);
    }

    private void perform(Frame request, long bound) {
        if (unusable != null) {
            throw new CannotTake(unusable);
        }
        Frame answer;
        try {
            answer = agent.request(request, bound, DONE_OR_NOT, this::take);
        } catch (AgentFailure e) {
            throw new CannotTake(e.getMessage());
        }
        switch (answer.type()) {
            case AgentProtocol.DONE -> clock = clock(answer.text());
            case AgentProtocol.CANNOT -> throw new CannotTake(hello.name() + " agent: " + answer.text());
            default -> {
                // ERROR: the stack answered the call with an error (§3.9.1: "connection already
                // exists" and the like); the wire shows what followed.
            }
        }
    }

    private long clock(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CannotTake(agent.fail("agent's DONE must carry its clock in milliseconds, not '"
                    + AgentProtocol.abbreviated(text) + "'").getMessage());
        }
    }

    /** A PACKET, SIGNAL or LOG frame the agent sent. */
    private void take(Frame f) {
        switch (f.type()) {
            case AgentProtocol.PACKET -> {
                byte[] p = f.payload();
                if (p.length < 8 + 20 || (p[8] >> 4) != 4) {
                    throw agent.fail("agent's PACKET is not 8 octets of clock and an IPv4 packet (" + p.length + " octets)");
                }
                long time = java.nio.ByteBuffer.wrap(p, 0, 8).getLong();
                clock = Math.max(clock, time);
                sent.add(new Sent(time, Arrays.copyOfRange(p, 8, p.length)));
            }
            case AgentProtocol.SIGNAL -> signals.add(signal(f.text()));
            case AgentProtocol.READ -> {
                if (!hello.capabilities().dataVisible()) {
                    throw agent.fail("agent sent READ, but its HELLO did not say data=yes");
                }
                read.writeBytes(f.payload());
            }
            default -> {
                // LOG: the agent author's text; the harness does not show it (docs/agent-protocol.md).
            }
        }
    }

    private void collectUnsolicited() {
        if (unusable == null) {
            try {
                agent.drain(this::take);
            } catch (AgentFailure e) {
                // recorded in the process; the next input reports it
            }
        }
    }

    private Signal signal(String name) {
        return switch (name) {
            case "connected" -> Signal.CONNECTED;
            case "data" -> Signal.DATA;
            case "eof" -> Signal.EOF;
            case "reset" -> Signal.RESET;
            case "refused" -> Signal.REFUSED;
            case "timed-out" -> Signal.TIMED_OUT;
            default -> throw agent.fail("agent sent a SIGNAL the protocol does not have: '"
                    + AgentProtocol.abbreviated(name) + "'");
        };
    }

    static String timerName(Timeout t) {
        return t.label().substring("timeout:".length());
    }
}
