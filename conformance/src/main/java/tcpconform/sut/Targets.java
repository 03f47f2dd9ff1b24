package tcpconform.sut;

import java.util.List;

import tcpconform.model.graph.Transition;
import tcpconform.model.profile.Profile;
import tcpconform.sut.agent.AgentTargets;
import tcpconform.sut.agent.BuiltAgents;
import tcpconform.sut.linux.LinuxTarget;

/** The targets the command line knows by name. */
public final class Targets {

    private Targets() {
    }

    /** The names {@code --target} takes. */
    public static List<String> names() {
        List<String> names = new java.util.ArrayList<>(List.of("own", "linux"));
        names.addAll(BuiltAgents.names());
        names.add("agent:COMMAND");
        for (BrokenVariant.Bug b : BrokenVariant.Bug.values()) {
            names.add("broken:" + b.lower());
        }
        return names;
    }

    /**
     * The target of a name, set up for a profile of the model.
     *
     * @throws IllegalArgumentException naming the known targets, if there is none of that name
     */
    public static TargetFactory named(String name, Profile profile) {
        if (name.equals("own")) {
            return own(profile);
        }
        if (name.equals("linux")) {
            return linux();
        }
        if (BuiltAgents.names().contains(name)) {
            return AgentTargets.command(name, BuiltAgents.command(name));
        }
        if (name.startsWith("agent:")) {
            String command = name.substring("agent:".length()).trim();
            if (command.isEmpty()) {
                throw new IllegalArgumentException("--target agent:COMMAND needs the command that starts the agent");
            }
            return AgentTargets.command(name, command);
        }
        if (name.startsWith("broken:")) {
            BrokenVariant.Bug bug = BrokenVariant.Bug.named(name.substring("broken:".length())).orElse(null);
            if (bug != null) {
                return broken(bug, profile);
            }
        }
        throw new IllegalArgumentException("unknown target '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /**
     * The name of the expectations a target ships with: a broken variant is the own stack, with
     * the own stack's known deviations.
     */
    public static String expectationsName(String target) {
        return target.startsWith("broken:") ? "own" : target;
    }

    /** A broken variant of the own stack. */
    public static TargetFactory broken(BrokenVariant.Bug bug, Profile profile) {
        return TargetFactory.of("broken:" + bug.lower(),
                (seed, tuning) -> new BrokenVariant(bug, OwnStackTarget.forProfile(profile, seed, tuning)));
    }

    /**
     * The Linux kernel of this machine, a private network namespace per case. Its cases wait on
     * the wall clock, so they run on many workers at once.
     */
    public static TargetFactory linux() {
        return new TargetFactory() {
            @Override
            public String name() {
                return "linux";
            }

            @Override
            public SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning) {
                return LinuxTarget.open(tuning);
            }

            @Override
            public int workers() {
                return LINUX_WORKERS;
            }

            @Override
            public boolean mayNotTake(Transition edge) {
                return LinuxTarget.mayNotTake(edge);
            }
        };
    }

    /** Cases run at once against the kernel: they mostly wait for timers, not for the CPU. */
    private static final int LINUX_WORKERS = Math.max(1, Integer.getInteger("tcpconform.linux.workers", 32));

    /** The own stack, set up the way the profile assumes. */
    public static TargetFactory own(Profile profile) {
        return TargetFactory.of("own", (seed, tuning) -> OwnStackTarget.forProfile(profile, seed, tuning));
    }
}
