package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;


/**
 * Whatever arrives, the stack neither throws nor lets it disturb other connections: arbitrary
 * bytes, and well-formed TCP segments with arbitrary fields for other four-tuples (§3.1 MUST-7,
 * §3.10.7).
 */
class RobustnessProperties {

    @Property(tries = 300)
    void arbitraryPacketsNeverThrowAndNeverDisturbAnEstablishedConnection(@ForAll("packets") byte[][] packets) {
        Script s = new Script(new ConnectionOptions().delayedAck(0));
        Connection c = s.connected();
        for (byte[] p : packets) {
            s.sendRaw(p);
        }
        s.send(Seg.ack().seq(Script.PEER_ISS + 1).ack(s.iss + 1).data("still here"));
        assertEquals(TcpState.ESTABLISHED, c.state());
        byte[] into = new byte[64];
        int n = c.receive(into, 0, into.length, s.now);
        assertArrayEquals("still here".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOf(into, n));
    }

    @Provide
    Arbitrary<byte[][]> packets() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> tcp = Arbitraries.integers().between(0, 0x3F).flatMap(flags ->
                Arbitraries.integers().tuple3().flatMap(t -> Arbitraries.bytes().array(byte[].class).ofMaxSize(44)
                        .map(options -> segmentFromAnotherPort(flags, t.get1(), t.get2(), options))));
        Arbitrary<byte[]> mangled = tcp.flatMap(p -> Arbitraries.integers().between(0, p.length - 1)
                .map(i -> {
                    byte[] copy = p.clone();
                    copy[i] ^= (byte) 0x5A;
                    return copy;
                }));
        return Arbitraries.oneOf(noise, tcp, mangled).array(byte[][].class).ofMaxSize(30);
    }

    /** A valid packet from the peer's address but another port, with arbitrary fields and options. */
    private static byte[] segmentFromAnotherPort(int flags, int seq, int ack, byte[] options) {
        return Packets.raw(Script.PEER, Script.PEER_PORT + 1, Script.US, flags, seq, ack, options, new byte[] {1, 2, 3});
    }
}
