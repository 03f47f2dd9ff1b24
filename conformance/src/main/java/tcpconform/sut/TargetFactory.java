package tcpconform.sut;

import tcpconform.model.graph.Transition;

/** Opens a fresh target for each case; the seed makes its random choices (ISNs) repeatable. */
public interface TargetFactory {

    /** The target's short name, as {@code --target} takes it. */
    String name();

    /** A fresh target, in CLOSED with nothing listening, with the application's choices of {@code tuning}. */
    SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning);

    /** How many cases may run at once, each on a target of its own. */
    default int workers() {
        return 1;
    }

    /**
     * Whether the target may be unable to take an edge after some histories (it then throws
     * {@link CannotTake}): the tour takes such an edge last in its case, not on the way to others.
     */
    default boolean mayNotTake(Transition edge) {
        return false;
    }

    /**
     * Releases what the factory keeps between cases (an agent's processes); it opens no target
     * after this. Nothing by default.
     */
    default void release() {
    }

    /** Opens a target for a case: the body of {@link #open}. */
    @FunctionalInterface
    interface Opener {
        SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning);
    }

    /** A factory of this name that runs one case at a time. */
    static TargetFactory of(String name, Opener opener) {
        return of(name, 1, opener);
    }

    /** A factory of this name that runs up to {@code workers} cases at once. */
    static TargetFactory of(String name, int workers, Opener opener) {
        return new TargetFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SystemUnderTest open(long seed, SystemUnderTest.Tuning tuning) {
                return opener.open(seed, tuning);
            }

            @Override
            public int workers() {
                return workers;
            }
        };
    }
}
