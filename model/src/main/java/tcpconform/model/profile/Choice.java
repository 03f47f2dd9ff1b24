package tcpconform.model.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * One choice a profile makes where the RFCs allow it, with the text that allows it.
 *
 * @param name      what is chosen
 * @param value     the value chosen
 * @param allowedBy the RFC text (section and requirement label) that allows the choice
 */
public record Choice(String name, String value, String allowedBy) {

    static List<Choice> of(Profile p) {
        List<Choice> c = new ArrayList<>();
        if (p.challengeAcks()) {
            c.add(new Choice("challenge ACK for in-window RST and for SYN", "on",
                    "RFC 9293 §3.10.7.4 second and fourth steps, after RFC 5961 §3 and §4"));
        }
        if (p.ackRangeCheck()) {
            c.add(new Choice("drop ACKs older than SND.UNA - MAX.SND.WND", "on",
                    "RFC 9293 §3.10.7.4 fifth step, MAY-12 (RFC 5961 §5)"));
        }
        if (p.halfDuplexClose()) {
            c.add(new Choice("half-duplex close: RST when data is lost after close", "on",
                    "RFC 9293 §3.6.1, MAY-1 and SHLD-3"));
        }
        if (p.keepAlive()) {
            c.add(new Choice("keep-alive requested by the application", "on",
                    "RFC 9293 §3.8.4, MAY-5, MUST-24"));
        }
        if (p.timeWaitMillis() != 2 * Profile.MSL_MILLIS) {
            // MUST-13 asks for 2 MSL; §3.4.2 leaves MSL an engineering choice ("for this
            // specification the MSL is taken to be 2 minutes"), so a shorter TIME-WAIT is allowed
            // only as a shorter MSL.
            c.add(new Choice("TIME-WAIT duration", p.timeWaitMillis() + " ms",
                    "RFC 9293 §3.4.2 (MSL is an engineering choice), MUST-13"));
        }
        return List.copyOf(c);
    }
}
