package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the stack's packet input (Jazzer): whatever arrives, in whatever
 * order with the application's calls and the clock, no exception escapes the stack, every packet it
 * sends is well formed, a connection's counters stay consistent, and nothing is left behind once
 * the application lets go (§3.1 MUST-7, §3.10.7: an implementation must be robust against what
 * the network delivers).
 *
 * <p>{@code mvn test} replays the corpus in {@code PacketInputFuzzTestInputs/} (regression mode);
 * {@code JAZZER_FUZZ=1} makes Jazzer search for new inputs for the test's {@code maxDuration}, and
 * {@code mvn verify} does that for a bounded time (docs/benchmarks.md).
 */
class PacketInputFuzzTest {

    private static final int MAX_INPUTS = 16;
    private static final int LISTENING = Script.PORT + 1;
    private static final byte[] HELLO = "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "30s")
    void whateverArrivesTheStackStaysWhole(FuzzedDataProvider data) {
        Script s = new Script(new ConnectionOptions().timestamps(data.consumeBoolean()).sack(data.consumeBoolean())
                .windowScale(data.consumeBoolean()).delayedAck(data.consumeBoolean() ? 0 : 200));
        Listener listener = s.stack.listen(LISTENING, 2);
        Connection c = data.consumeBoolean() ? s.connected() : s.connecting();
        int sent = c.state() == TcpState.ESTABLISHED ? c.send(HELLO, s.now) : 0;
        int inputs = data.consumeInt(1, MAX_INPUTS);
        for (int i = 0; i < inputs && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> s.sendRaw(data.consumeBytes(data.consumeInt(0, 200)));
                case 1 -> s.sendRaw(segmentOnTheConnection(s, data));
                case 2 -> s.sendRaw(segmentToTheListener(data));
                case 3 -> s.at(s.now + data.consumeLong(0, 600_000));
                default -> sent += call(s, c, data);
            }
            assertWhole(s, c, sent);
        }
        try {
            c.abort(s.now);
        } catch (TcpException e) {
            // already gone: "connection does not exist"
        }
        listener.close(s.now);
        s.at(s.now + 3_600_000);
        assertEquals(0, s.stack.connectionCount(), "a connection outlived its application's ABORT and its listener");
    }

    /** A segment on the connection's four-tuple, its numbers near the connection's own. */
    private static byte[] segmentOnTheConnection(Script s, FuzzedDataProvider data) {
        int seq = Script.PEER_ISS + 1 + data.consumeInt(-70_000, 70_000);
        int ack = s.iss + 1 + data.consumeInt(-70_000, 70_000);
        return Packets.raw(Script.PEER, Script.PEER_PORT, Script.US, data.consumeInt(0, 0xFF), seq, ack,
                data.consumeInt(0, 65_535), data.consumeBytes(data.consumeInt(0, 40)), data.consumeBytes(data.consumeInt(0, 100)));
    }

    /** A segment to the listening port, from one of a few peers' ports, with any numbers. */
    private static byte[] segmentToTheListener(FuzzedDataProvider data) {
        return Packets.raw(Script.PEER, Script.PEER_PORT + data.consumeInt(1, 3), Script.US, LISTENING, data.consumeInt(0, 0xFF),
                data.consumeInt(), data.consumeInt(), data.consumeInt(0, 65_535), data.consumeBytes(data.consumeInt(0, 40)),
                data.consumeBytes(data.consumeInt(0, 100)));
    }

    /** One of the application's calls; returns the octets it sent. */
    private static int call(Script s, Connection c, FuzzedDataProvider data) {
        try {
            switch (data.consumeInt(0, 3)) {
                case 0 -> {
                    return c.send(data.consumeBytes(data.consumeInt(1, 3000)), s.now);
                }
                case 1 -> c.receive(new byte[4096], 0, 4096, s.now);
                case 2 -> c.shutdown(s.now);
                default -> c.close(s.now);
            }
        } catch (TcpException e) {
            // the RFC's error answers ("connection closing" and the like): an answer, not a failure
        }
        return 0;
    }

    /** What must hold after every input. */
    private static void assertWhole(Script s, Connection c, int sent) {
        assertNotNull(c.state());
        assertTrue(c.available() >= 0, "available " + c.available());
        assertTrue(c.sendSpace() >= 0, "send space " + c.sendSpace());
        assertTrue(c.unacknowledged() >= 0 && c.unacknowledged() <= sent + 2,
                "unacknowledged " + c.unacknowledged() + " of " + sent + " octets sent (SYN and FIN count one each)");
        assertTrue(s.stack.connectionCount() <= 1 + 3, "connections " + s.stack.connectionCount());
        s.drain(); // every packet was decoded as it was sent: Script's sink asserts that
        s.clearEvents();
    }
}
