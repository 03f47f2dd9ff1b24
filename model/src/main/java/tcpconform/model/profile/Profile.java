package tcpconform.model.profile;

import java.util.List;
import java.util.Objects;

/**
 * Where the RFCs allow a choice, a profile names the choice. {@link #BASELINE} is RFC 9293 alone;
 * every other profile changes one or more {@link Choice}s, each of which cites the text that
 * allows it. The graph and the reference are both built for a profile.
 *
 * @param name             the profile's name, e.g. {@code baseline}
 * @param challengeAcks    RFC 5961 §3 and §4: an in-window RST that is not exactly at RCV.NXT, and
 *                         any SYN in a synchronized state, get a challenge ACK rather than a reset
 * @param ackRangeCheck    RFC 5961 §5 (MAY-12): an ACK older than SND.UNA − MAX.SND.WND is dropped
 *                         and answered with an ACK
 * @param halfDuplexClose  MAY-1: after close, the application reads no more; unread or later data
 *                         is answered with a RST (SHLD-3)
 * @param keepAlive        MUST-24: the application asked for keep-alives (default off, MUST-25)
 * @param timeWaitMillis   how long TIME-WAIT lasts: 2 MSL (MUST-13) in the baseline; the
 *                         reference has no clock, so this is for runners that wait real time
 */
public record Profile(
        String name,
        boolean challengeAcks,
        boolean ackRangeCheck,
        boolean halfDuplexClose,
        boolean keepAlive,
        long timeWaitMillis) {

    /** RFC 9293 §3.4.2: MSL is two minutes "for this specification". */
    public static final long MSL_MILLIS = 120_000;

    /** RFC 9293 alone: no companion RFC, no optional behaviour, keep-alives off (MUST-25). */
    public static final Profile BASELINE =
            new Profile("baseline", false, false, false, false, 2 * MSL_MILLIS);

    /** The baseline with the RFC 5961 mitigations that RFC 9293 §3.10.7.4 describes. */
    public static final Profile RFC5961 =
            new Profile("rfc5961", true, true, false, false, 2 * MSL_MILLIS);

    /** The baseline with keep-alives requested by the application (MUST-24). */
    public static final Profile KEEPALIVE =
            new Profile("keepalive", false, false, false, true, 2 * MSL_MILLIS);

    /**
     * Linux's documented choices: RFC 5961 challenge ACKs (net.ipv4.tcp_challenge_ack_limit),
     * half-duplex close with RST on unread data (tcp_close), and TIME-WAIT of 60 s
     * (TCP_TIMEWAIT_LEN) rather than 2 MSL. Timestamps (on by default in Linux) join the
     * profile when the model handles options.
     */
    public static final Profile LINUX = new Profile("linux", true, true, true, false, 60_000);

    public Profile {
        Objects.requireNonNull(name, "name");
        if (timeWaitMillis <= 0) {
            throw new IllegalArgumentException("TIME-WAIT must last: " + timeWaitMillis);
        }
    }

    /** The profiles this build knows, by name. */
    public static List<Profile> known() {
        return List.of(BASELINE, RFC5961, KEEPALIVE, LINUX);
    }

    /** The known profile of that name. */
    public static Profile named(String name) {
        return known().stream().filter(p -> p.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown profile '" + name + "' (known: baseline, rfc5961, keepalive, linux)"));
    }

    /** Each choice this profile makes differently from the baseline, with the text that allows it. */
    public List<Choice> choices() {
        return Choice.of(this);
    }
}
