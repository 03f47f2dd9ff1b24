package tcpconform.model.requirement;

/**
 * One labelled requirement of RFC 9293 (Appendix B).
 *
 * @param label      e.g. {@code MUST-10}
 * @param level      the level its label names: what breaking it means
 * @param keyword    the keyword column of Appendix B's table, e.g. {@code MUST NOT}
 * @param section    the section where the label first appears in the RFC's body
 * @param observable how a black-box tester can see it
 * @param summary    the table's one-line feature text
 */
public record Requirement(String label, Level level, String keyword, String section,
                          Observability observable, String summary) {

    /** The level a label names: {@code MUST-n}, {@code SHLD-n}, {@code MAY-n}, {@code REC-n}. */
    public enum Level {
        /** Broken: FAIL. */
        MUST,
        /** Not followed: DEVIATION. */
        SHOULD,
        /** Not followed: DEVIATION. */
        RECOMMENDED,
        /** A choice: NOTE. */
        MAY;

        static Level ofLabel(String label) {
            String prefix = label.substring(0, label.indexOf('-'));
            return switch (prefix) {
                case "MUST" -> MUST;
                case "SHLD" -> SHOULD;
                case "REC" -> RECOMMENDED;
                case "MAY" -> MAY;
                default -> throw new IllegalArgumentException("not a requirement label: " + label);
            };
        }
    }

    /** How a black-box tester can observe a requirement. */
    public enum Observability {
        /** On the segments the implementation sends. */
        WIRE,
        /** Through the application interface. */
        API,
        /** Neither (internal, or about applications or IP options this suite does not drive). */
        NONE
    }
}
