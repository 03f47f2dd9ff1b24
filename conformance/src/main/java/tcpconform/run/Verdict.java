package tcpconform.run;

import tcpconform.model.requirement.Requirement;

/**
 * The outcome of a step or a case (design.md, "Running a case"), from best to worst: the worst
 * step decides a case.
 */
public enum Verdict {
    /** The target did what the model allows. */
    PASS,
    /** The target made a choice the RFC leaves open (a MAY); recorded. */
    NOTE,
    /** The target cannot take the input, or the outcome could not be decided. */
    INCONCLUSIVE,
    /** A SHOULD or RECOMMENDED is not followed. */
    DEVIATION,
    /** A MUST is broken, or the target left the RFC's event processing. */
    FAIL;

    /** The worse of two verdicts. */
    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Whether the outcome is a finding against the target or the run (not PASS, not NOTE). */
    public boolean isFinding() {
        return this == INCONCLUSIVE || this == DEVIATION || this == FAIL;
    }

    /** What breaking a requirement of this level means. */
    public static Verdict whenBroken(Requirement.Level level) {
        return switch (level) {
            case MUST -> FAIL;
            case SHOULD, RECOMMENDED -> DEVIATION;
            case MAY -> NOTE;
        };
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
