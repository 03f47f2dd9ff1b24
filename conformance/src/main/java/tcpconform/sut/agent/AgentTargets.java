package tcpconform.sut.agent;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import tcpconform.model.graph.Transition;
import tcpconform.sut.SystemUnderTest;
import tcpconform.sut.TargetFactory;
import tcpconform.sut.agent.AgentProtocol.Frame;

/** Targets driven through agents: {@code --target agent:COMMAND}, and the agents the project ships. */
public final class AgentTargets {

    private AgentTargets() {
    }

    /**
     * A target that runs {@code command} as its agent. Starts one agent to read its HELLO.
     *
     * @throws IllegalStateException with the reason, if the agent cannot be started or greets wrongly
     */
    public static TargetFactory command(String targetName, String command) {
        Pool pool = new Pool(command);
        return new TargetFactory() {
            @Override
            public String name() {
                return targetName;
            }

            @Override
            public SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning) {
                return pool.open(seed, tuning);
            }

            @Override
            public int workers() {
                // A virtual-time stack keeps a core busy; one on real time mostly waits.
                return pool.hello.capabilities().virtualTime()
                        ? Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())) : 16;
            }

            @Override
            public boolean mayNotTake(Transition edge) {
                return pool.hello.mayRefuse(edge);
            }

            @Override
            public void release() {
                pool.closeAll();
            }
        };
    }

    /** Agent processes for one command, each used by one case at a time and kept for the next. */
    static final class Pool {
        final String command;
        private final Queue<AgentProcess> idle = new ConcurrentLinkedQueue<>();
        private final Queue<AgentProcess> all = new ConcurrentLinkedQueue<>();
        final Hello hello;

        Pool(String command) {
            this.command = command;
            try {
                AgentProcess first = AgentProcess.start(command);
                all.add(first);
                hello = greet(first);
                idle.add(first);
            } catch (AgentFailure e) {
                throw new IllegalStateException(e.getMessage());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> all.forEach(AgentProcess::close)));
        }

        SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning) {
            AgentProcess p;
            while ((p = idle.poll()) != null && !p.healthy()) {
                all.remove(p);
            }
            String unusable = null;
            try {
                if (p == null) {
                    p = AgentProcess.start(command);
                    all.add(p);
                    Hello again = greet(p);
                    if (!again.equals(hello)) {
                        throw p.fail("agent's HELLO changed between processes");
                    }
                }
                Frame answer = p.request(Frame.text(AgentProtocol.OPEN, "seed=" + seed + "\ndelayed-ack="
                                + (tuning.delayedAck() ? "yes" : "no") + "\nnagle=" + (tuning.nagle() ? "yes" : "no")),
                        AgentTarget.ANSWER_MILLIS, List.of(AgentProtocol.DONE, AgentProtocol.CANNOT), f -> { });
                if (answer.type() == AgentProtocol.CANNOT) {
                    unusable = hello.name() + " agent cannot open with " + tuning + ": " + answer.text();
                }
            } catch (AgentFailure e) {
                unusable = e.getMessage();
            }
            return new AgentTarget(this, p, hello, unusable);
        }

        /** Ends every process of the pool: QUIT, then a kill after a second. */
        void closeAll() {
            AgentProcess p;
            while ((p = all.poll()) != null) {
                p.close();
            }
            idle.clear();
        }

        void release(AgentProcess p) {
            if (p != null && p.healthy()) {
                idle.add(p);
            } else if (p != null) {
                all.remove(p);
            }
        }

        private static Hello greet(AgentProcess p) {
            Frame f = p.request(Frame.text(AgentProtocol.HELLO, AgentProtocol.GREETING), AgentTarget.ANSWER_MILLIS,
                    List.of(AgentProtocol.HELLO), x -> { });
            try {
                return Hello.parse(f.text());
            } catch (AgentFailure e) {
                throw p.fail(e.getMessage());
            }
        }
    }
}
