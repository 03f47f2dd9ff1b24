package tcpconform.check;

import java.util.List;
import java.util.Map;

/**
 * What the check found in one connection, once it has ended (or the capture has).
 *
 * @param id             the connection's number, in the order the capture first shows them
 * @param a              the endpoint that sent the first segment (the client, if the SYN was captured)
 * @param b              the other endpoint
 * @param firstPacket    the number of its first packet in the file
 * @param lastPacket     the number of its last packet
 * @param packets        how many packets it has
 * @param finalStates    both endpoints' inferred states at the end, e.g. {@code A TIME-WAIT, B CLOSED}
 * @param trajectory     tcpdump-style lines for the packets that changed a state or broke a rule
 * @param violations     the violations (at most {@link ConnectionCheck#MAX_VIOLATIONS})
 * @param violationCount every violation, also those not kept
 * @param byHeading      every violation, also those not kept, counted by rule and section
 * @param notes          what the capture lacks or what was not checked, and why
 * @param retransmissions segments recognised as retransmissions
 * @param keepAlives     keep-alive probes recognised
 * @param windowProbes   zero-window probes recognised
 */
public record ConnectionResult(long id, String a, String b, long firstPacket, long lastPacket, long packets,
                               String finalStates, List<String> trajectory, List<Violation> violations,
                               long violationCount, Map<Violation.Heading, Long> byHeading, List<String> notes, long retransmissions, long keepAlives,
                               long windowProbes) {

    static ConnectionResult of(ConnectionCheck c) {
        return new ConnectionResult(c.id, c.a.peer.toString(), c.b.peer.toString(), c.firstPacket, c.lastPacket,
                c.packets, c.finalStates(), List.copyOf(c.lines()), List.copyOf(c.violations()), c.violationCount(),
                Map.copyOf(c.byHeading()), List.copyOf(c.notes()), c.retransmissions, c.keepAlives, c.probes);
    }

    /** {@code 10.0.0.1.40000 > 10.0.0.2.80}. */
    public String tuple() {
        return a + " > " + b;
    }
}
