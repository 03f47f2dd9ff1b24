package tcpconform.sut.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tcpconform.model.Call;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;
import tcpconform.sut.CannotTake;
import tcpconform.sut.OwnStackTarget;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.agent.AgentProtocol.Frame;

/**
 * The project's own stack as an agent: the reference a stack author compares an agent with, and
 * what the protocol's own tests run against. {@code java -cp tcpconform.jar
 * tcpconform.sut.agent.OwnStackAgent [PROFILE]}.
 */
public final class OwnStackAgent {

    private final Profile profile;
    private final InputStream in;
    private final OutputStream out;
    private SystemUnderTest stack;

    OwnStackAgent(Profile profile, InputStream in, OutputStream out) {
        this.profile = profile;
        this.in = in;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Profile profile = Profile.BASELINE;
        if (args.length > 0) {
            try {
                profile = Profile.named(args[0]);
            } catch (IllegalArgumentException e) {
                System.err.println("OwnStackAgent: " + e.getMessage());
                System.exit(2);
            }
        }
        new OwnStackAgent(profile, new BufferedInputStream(System.in), new BufferedOutputStream(System.out)).serve();
    }

    /** Answers requests until QUIT or the end of the input. */
    void serve() throws IOException {
        Frame f;
        while ((f = AgentProtocol.read(in)) != null) {
            if (f.type() == AgentProtocol.QUIT) {
                break;
            }
            answer(f);
        }
        if (stack != null) {
            stack.close();
        }
    }

    private void answer(Frame f) throws IOException {
        switch (f.type()) {
            case AgentProtocol.HELLO -> reply(AgentProtocol.HELLO, AgentProtocol.GREETING + "\nname=own\ndescription="
                    + "tcpconform's own stack, profile " + profile.name() + ", virtual time\nvirtual-time=yes\nstate=yes\ndata=yes\ncalls="
                    + Stream.of(Call.values()).map(Call::label).collect(Collectors.joining(",")) + "\n");
            case AgentProtocol.OPEN -> {
                if (stack != null) {
                    stack.close();
                }
                long seed = 0;
                boolean delayedAck = false;
                boolean nagle = false;
                for (String line : f.text().split("\n")) {
                    if (line.startsWith("seed=")) {
                        seed = Long.parseLong(line.substring(5));
                    } else if (line.startsWith("delayed-ack=")) {
                        delayedAck = line.endsWith("=yes");
                    } else if (line.startsWith("nagle=")) {
                        nagle = line.endsWith("=yes");
                    }
                }
                stack = OwnStackTarget.forProfile(profile, seed, new SystemUnderTest.Tuning(delayedAck, nagle));
                done();
            }
            case AgentProtocol.PACKET -> run(() -> stack.inject(f.payload()));
            case AgentProtocol.CALL -> {
                Call call = Stream.of(Call.values()).filter(c -> c.label().equals(f.text())).findFirst().orElse(null);
                if (call == null) {
                    reply(AgentProtocol.CANNOT, "no such call: " + f.text());
                } else {
                    run(() -> stack.call(call));
                }
            }
            case AgentProtocol.TIMER -> {
                Timeout t = Stream.of(Timeout.values()).filter(x -> AgentTarget.timerName(x).equals(f.text())).findFirst()
                        .orElse(null);
                if (t == null) {
                    reply(AgentProtocol.CANNOT, "no such timer: " + f.text());
                } else {
                    run(() -> stack.expire(t));
                }
            }
            case AgentProtocol.IDLE -> run(() -> stack.idle(Long.parseLong(f.text().trim())));
            case AgentProtocol.STATE -> reply(AgentProtocol.STATE, stack == null ? ""
                    : stack.state().map(Hello::stateName).orElse(""));
            default -> reply(AgentProtocol.CANNOT, "unknown message " + f.describe());
        }
    }

    /** Performs an input and sends what the stack did, then DONE (or CANNOT, before any OPEN). */
    private void run(Runnable input) throws IOException {
        if (stack == null) {
            reply(AgentProtocol.CANNOT, "no OPEN yet");
            return;
        }
        String cannot = null;
        try {
            input.run();
        } catch (CannotTake e) {
            cannot = e.getMessage();
        } catch (RuntimeException e) {
            cannot = "the input was not understood: " + e;
        }
        for (SystemUnderTest.Sent s : stack.sent()) {
            AgentProtocol.write(out, Frame.packet(s.time(), s.packet()));
        }
        byte[] read = stack.octetsRead();
        for (int at = 0; at < read.length; at += 65536) { // frames hold at most 128 KiB
            AgentProtocol.write(out, new Frame(AgentProtocol.READ,
                    java.util.Arrays.copyOfRange(read, at, Math.min(read.length, at + 65536))));
        }
        for (SystemUnderTest.Signal s : stack.signals()) {
            reply(AgentProtocol.SIGNAL, s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        if (cannot != null) {
            reply(AgentProtocol.CANNOT, cannot);
        } else {
            done();
        }
    }

    private void done() throws IOException {
        reply(AgentProtocol.DONE, Long.toString(stack.now()));
    }

    private void reply(byte type, String text) throws IOException {
        AgentProtocol.write(out, Frame.text(type, text));
    }
}
