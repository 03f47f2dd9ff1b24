package tcpconform.model.reference;

import tcpconform.model.TcpState;

/**
 * A read-only snapshot of the reference's transmission control block (RFC 9293 §3.3.1), with
 * the queues the model tracks. Sequence variables are 32-bit values held in a {@code long}.
 *
 * @param state       the connection state
 * @param iss         ISS, the initial send sequence number
 * @param sndUna      SND.UNA, oldest unacknowledged sequence number
 * @param sndNxt      SND.NXT, next sequence number to be sent
 * @param sndWnd      SND.WND, the peer's window
 * @param sndWl1      SND.WL1, segment sequence number used for the last window update
 * @param sndWl2      SND.WL2, segment acknowledgment number used for the last window update
 * @param irs         IRS, the initial receive sequence number
 * @param rcvNxt      RCV.NXT, next sequence number expected
 * @param rcvWnd      RCV.WND, the receive window
 * @param sendQueued  octets the application sent that are not yet segmentized
 * @param unread      octets received in order and not yet read by the application
 * @param finPending  CLOSE was called and the FIN waits behind queued data
 * @param finSent     our FIN has been sent (it occupies SND.NXT − 1 once sent)
 * @param passiveOpen the connection came from LISTEN
 */
public record Tcb(TcpState state, long iss, long sndUna, long sndNxt, long sndWnd, long sndWl1, long sndWl2,
                  long irs, long rcvNxt, long rcvWnd, int sendQueued, int unread,
                  boolean finPending, boolean finSent, boolean passiveOpen) {

    /** Octets of sequence space sent and not yet acknowledged (SYN and FIN included). */
    public long outstanding() {
        return Seq.distance(sndUna, sndNxt);
    }
}
