package tcpconform.sut;

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
}
