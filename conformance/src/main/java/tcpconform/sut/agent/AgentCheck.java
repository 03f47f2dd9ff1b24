package tcpconform.sut.agent;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tcpconform.codec.MalformedPacketException;
import tcpconform.codec.PacketCodec;
import tcpconform.codec.StreamData;
import tcpconform.codec.WireSegment;
import tcpconform.sut.Endpoints;
import tcpconform.sut.agent.AgentProtocol.Frame;

/**
 * The conformance test of the agent protocol itself (docs/agent-protocol.md, "Checking an
 * agent"): a short conversation that every agent must hold, so that a stack author finds a broken
 * agent before a campaign blames the stack. Each check is one behaviour; the first failure of the
 * conversation ends it, since what follows depends on it.
 */
public final class AgentCheck {

    /** One check's outcome: passed, failed with the reason, or not applicable to this agent. */
    public record Result(String name, Outcome outcome, String detail) {
    }

    public enum Outcome { PASS, FAIL, NOT_APPLICABLE }

    private static final int PEER_ISS = 5000;

    private final String command;
    private final List<Result> results = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private AgentProcess agent;
    private Hello hello;
    /** The agent's SYN-ACK, whose numbers the later checks continue from. */
    private WireSegment synAck;

    private AgentCheck(String command) {
        this.command = command;
    }

    /** Runs every check against the agent that {@code command} starts. */
    public static List<Result> run(String command) {
        AgentCheck c = new AgentCheck(command);
        try {
            c.conversation();
        } catch (Stop e) {
            // the failure is recorded; what follows would only repeat it
        } finally {
            if (c.agent != null) {
                c.agent.kill();
            }
        }
        return List.copyOf(c.results);
    }

    private void conversation() {
        check("starts and answers HELLO with the greeting, a name and its calls", () -> {
            agent = AgentProcess.start(command);
            Frame f = agent.request(Frame.text(AgentProtocol.HELLO, AgentProtocol.GREETING), AgentTarget.ANSWER_MILLIS,
                    List.of(AgentProtocol.HELLO), frames::add);
            hello = Hello.parse(f.text());
            require(!hello.capabilities().calls().isEmpty(), "it declares no calls");
            return hello.name() + ": " + hello.description();
        });
        check("answers OPEN with DONE and its clock", () -> done(Frame.text(AgentProtocol.OPEN,
                "seed=1\ndelayed-ack=no\nnagle=no")));
        state("reports CLOSED after OPEN", "CLOSED");
        check("answers listen with DONE", () -> done(Frame.text(AgentProtocol.CALL, "listen")));
        state("reports LISTEN after listen", "LISTEN");
        check("answers a SYN to port 80 with one SYN-ACK acknowledging ISN+1, checksum valid, before DONE", () -> {
            List<WireSegment> out = packets(segment(WireSegment.SYN, PEER_ISS, 0, 0));
            WireSegment s = only(out);
            require(s.syn() && s.ack() && s.ackNo() == PEER_ISS + 1, "it sent " + describe(s));
            require(s.checksumValid(), "the SYN-ACK's checksum is wrong");
            require(s.src() == Endpoints.TARGET && s.srcPort() == Endpoints.TARGET_PORT
                    && s.dst() == Endpoints.TESTER && s.dstPort() == Endpoints.TESTER_PORT, "it is not from 10.0.0.1:80 to 10.0.0.2:40000");
            synAck = s;
            return describe(s);
        });
        state("reports SYN-RECEIVED", "SYN-RECEIVED");
        check("takes the ACK that completes the handshake and signals connected", () -> {
            frames.clear();
            packets(segment(WireSegment.ACK, PEER_ISS + 1, synAck.seq() + 1, 0));
            require(frames.stream().anyMatch(f -> f.type() == AgentProtocol.SIGNAL && f.text().equals("connected")),
                    "no SIGNAL connected");
            return "";
        });
        state("reports ESTABLISHED", "ESTABLISHED");
        check("answers send with 100 octets of data", () -> {
            WireSegment s = only(packets(Frame.text(AgentProtocol.CALL, "send")));
            require(s.payload().length == 100 && s.seq() == synAck.seq() + 1, "it sent " + describe(s));
            require(!hello.capabilities().dataVisible() || Arrays.equals(s.payload(), StreamData.application(0, 100)),
                    "its HELLO says data=yes, but the octets are not 'ABC…' (docs/agent-protocol.md)");
            return describe(s);
        });
        check("takes a segment of data and hands it to receive (SIGNAL data)", () -> {
            packets(segment(WireSegment.ACK | WireSegment.PSH, PEER_ISS + 1, synAck.seq() + 101, 10));
            frames.clear();
            done(Frame.text(AgentProtocol.CALL, "receive"));
            require(frames.stream().anyMatch(f -> f.type() == AgentProtocol.SIGNAL && f.text().equals("data")),
                    "no SIGNAL data");
            if (hello.capabilities().dataVisible()) {
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                frames.stream().filter(f -> f.type() == AgentProtocol.READ).forEach(f -> read.writeBytes(f.payload()));
                require(Arrays.equals(read.toByteArray(), StreamData.tester(PEER_ISS + 1, 10)),
                        "its HELLO says data=yes, but its READ frames hold " + read.size() + " octets, not the 10 sent");
            }
            return "";
        });
        check("answers an unknown message with CANNOT and stays up", () -> {
            Frame f = agent.request(Frame.text((byte) 'Z', "?"), AgentTarget.ANSWER_MILLIS,
                    List.of(AgentProtocol.DONE, AgentProtocol.CANNOT, AgentProtocol.ERROR), frames::add);
            require(f.type() == AgentProtocol.CANNOT, "it answered " + f.describe());
            return f.text();
        });
        check("survives a packet that is not IPv4 (DONE, no crash)", () -> done(new Frame(AgentProtocol.PACKET,
                new byte[] {0x60, 0, 0, 0, 1, 2, 3})));
        check("takes IDLE 1000 and its clock moves on by that much (virtual time) or at least not back", () -> {
            long before = Long.parseLong(done(Frame.text(AgentProtocol.IDLE, "0")));
            long after = Long.parseLong(done(Frame.text(AgentProtocol.IDLE, "1000")));
            require(hello.capabilities().virtualTime() ? after - before >= 1000 : after >= before,
                    "its clock went from " + before + " to " + after);
            return before + " -> " + after + " ms";
        });
        check("answers abort with a RST", () -> {
            WireSegment s = only(packets(Frame.text(AgentProtocol.CALL, "abort")));
            require(s.rst(), "it sent " + describe(s));
            return describe(s);
        });
        check("starts afresh on a second OPEN", () -> done(Frame.text(AgentProtocol.OPEN, "seed=2\ndelayed-ack=no\nnagle=no")));
        state("reports CLOSED after the second OPEN", "CLOSED");
        check("exits within 2 s of QUIT, with status 0", () -> {
            int status = agent.quit(2_000);
            require(status == 0, status < 0 ? "it is still running" : "it exited with status " + status);
            return "";
        });
    }

    // ------------------------------------------------------------------------ helpers

    private interface Body {
        String run();
    }

    /** Thrown to end the conversation after a failure. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private void check(String name, Body body) {
        try {
            results.add(new Result(name, Outcome.PASS, body.run()));
        } catch (AgentFailure e) {
            results.add(new Result(name, Outcome.FAIL, e.getMessage()));
            throw new Stop();
        }
    }

    private void state(String name, String expected) {
        if (hello == null || !hello.capabilities().stateVisible()) {
            results.add(new Result(name, Outcome.NOT_APPLICABLE, "the agent declares state=no"));
            return;
        }
        check(name, () -> {
            Frame f = agent.request(Frame.text(AgentProtocol.STATE, ""), AgentTarget.ANSWER_MILLIS,
                    List.of(AgentProtocol.STATE), frames::add);
            require(f.text().equals(expected), "it reports '" + AgentProtocol.abbreviated(f.text()) + "'");
            return "";
        });
    }

    /** Sends a request that must be answered with DONE; returns DONE's text. */
    private String done(Frame request) {
        Frame f = agent.request(request, AgentTarget.ANSWER_MILLIS,
                List.of(AgentProtocol.DONE, AgentProtocol.CANNOT, AgentProtocol.ERROR), frames::add);
        require(f.type() == AgentProtocol.DONE, "it answered " + request.describe() + " with " + f.describe());
        require(f.text().trim().matches("\\d+"), "DONE carries no clock: '" + AgentProtocol.abbreviated(f.text()) + "'");
        return f.text().trim();
    }

    /** Sends a request that must be answered with DONE; returns the packets sent before it. */
    private List<WireSegment> packets(Frame request) {
        int from = frames.size();
        done(request);
        List<WireSegment> out = new ArrayList<>();
        for (Frame f : frames.subList(from, frames.size())) {
            if (f.type() != AgentProtocol.PACKET) {
                continue;
            }
            require(f.payload().length > 8, "a PACKET without its 8 octets of clock and a packet");
            try {
                out.add(PacketCodec.decode(java.util.Arrays.copyOfRange(f.payload(), 8, f.payload().length)));
            } catch (MalformedPacketException e) {
                throw new AgentFailure("a PACKET that is not an IPv4 TCP segment: " + e.getMessage());
            }
        }
        return out;
    }

    private static WireSegment only(List<WireSegment> out) {
        require(out.size() == 1, "it sent " + out.size() + " packets: " + out.stream().map(AgentCheck::describe).toList());
        return out.get(0);
    }

    private static Frame segment(int flags, long seq, long ack, int length) {
        WireSegment s = new WireSegment(Endpoints.TESTER, Endpoints.TESTER_PORT, Endpoints.TARGET, Endpoints.TARGET_PORT,
                seq, ack, flags, 65535, 0, List.of(), StreamData.tester(seq, length), true);
        return new Frame(AgentProtocol.PACKET, new PacketCodec().encode(s));
    }

    private static String describe(WireSegment s) {
        return "[" + WireSegment.flagLetters(s.flags()) + "] seq " + s.seq() + " ack " + s.ackNo() + " length "
                + s.payload().length;
    }

    private static void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new AgentFailure(otherwise);
        }
    }
}
