package tcpconform.sut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.codec.MalformedPacketException;
import tcpconform.codec.PacketCodec;
import tcpconform.codec.WireSegment;
import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;
import tcpconform.model.reference.ConcreteSegment;

/** The own stack behind the harness's target interface. */
class OwnStackTargetTest {

    private final OwnStackTarget target = OwnStackTarget.forProfile(Profile.BASELINE, 1);
    private final PacketCodec codec = new PacketCodec();

    private byte[] fromTester(boolean syn, boolean ack, long seq, long ackNo) {
        ConcreteSegment s = new ConcreteSegment(syn, ack, false, false, seq, ackNo, 65535, 0);
        return codec.encode(WireSegment.of(s, Endpoints.TESTER, Endpoints.TESTER_PORT,
                Endpoints.TARGET, Endpoints.TARGET_PORT, List.of()));
    }

    private List<WireSegment> sent() throws MalformedPacketException {
        List<WireSegment> out = new java.util.ArrayList<>();
        for (SystemUnderTest.Sent s : target.sent()) {
            out.add(PacketCodec.decode(s.packet()));
        }
        return out;
    }

    @Test
    @DisplayName("a passive open is visible in every state: LISTEN, SYN-RECEIVED, ESTABLISHED")
    void aPassiveOpenIsVisibleInEveryState() throws Exception {
        target.call(Call.LISTEN);
        assertEquals(TcpState.LISTEN, target.state().orElseThrow());
        target.inject(fromTester(true, false, 5000, 0));
        List<WireSegment> out = sent();
        assertEquals(1, out.size());
        WireSegment synAck = out.get(0);
        assertTrue(synAck.syn() && synAck.ack());
        assertEquals(5001, synAck.ackNo());
        assertEquals(TcpState.SYN_RECEIVED, target.state().orElseThrow());
        target.inject(fromTester(false, true, 5001, (synAck.seq() + 1) & 0xFFFF_FFFFL));
        assertEquals(TcpState.ESTABLISHED, target.state().orElseThrow());
        assertEquals(List.of(SystemUnderTest.Signal.CONNECTED), target.signals());
    }

    @Test
    @DisplayName("letting the user timeout expire ends an unanswered connect, and the application is told")
    void anUnansweredConnectTimesOut() {
        target.call(Call.CONNECT);
        assertEquals(TcpState.SYN_SENT, target.state().orElseThrow());
        target.expire(Timeout.USER);
        assertEquals(TcpState.CLOSED, target.state().orElseThrow());
        assertEquals(List.of(SystemUnderTest.Signal.TIMED_OUT), target.signals());
        assertTrue(target.now() >= 180_000, "R2 for a SYN is at least three minutes (MUST-23): " + target.now());
    }

    @Test
    @DisplayName("a call the RFC answers with an error does not fail the harness")
    void anErrorReplyIsNotAFailure() {
        target.call(Call.SEND);
        target.call(Call.CLOSE);
        assertEquals(TcpState.CLOSED, target.state().orElseThrow());
        assertTrue(target.sent().isEmpty());
    }
}
