package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import tcpconform.stack.link.Faults;

/**
 * Two stacks over a faulty link: whatever the link does, every byte sent in either direction
 * arrives exactly once and in order, and both ends close (RFC 9293 §3.4, §3.6, §3.8).
 */
class TransferProperties {

    @Property(tries = 300)
    void everyByteArrivesOnceInOrderAndBothEndsClose(
            @ForAll @IntRange(min = 0, max = 200_000) int fromClient,
            @ForAll @IntRange(min = 0, max = 200_000) int fromServer,
            @ForAll @DoubleRange(min = 0, max = 0.1) double loss,
            @ForAll @DoubleRange(min = 0, max = 0.05) double duplication,
            @ForAll @DoubleRange(min = 0, max = 0.1) double reordering,
            @ForAll @DoubleRange(min = 0, max = 0.02) double corruption,
            @ForAll @IntRange(min = 0, max = 50) int delay,
            @ForAll boolean clientClosesFirst,
            @ForAll boolean options,
            @ForAll long seed) {
        Faults faults = new Faults(loss, duplication, reordering, corruption, delay, 20);
        ConnectionOptions o = new ConnectionOptions().timestamps(options).sack(options).windowScale(options)
                .minRto(200).synRetries(30).userTimeout(3_600_000);
        Pair p = new Pair(faults, seed, o).connect();
        byte[] up = bytes(fromClient, seed);
        byte[] down = bytes(fromServer, ~seed);
        int[] upAt = {0};
        int[] downAt = {0};
        ByteArrayOutputStream upGot = new ByteArrayOutputStream();
        ByteArrayOutputStream downGot = new ByteArrayOutputStream();
        boolean[] shut = new boolean[2];
        boolean[] eof = new boolean[2];
        boolean done = p.net.runUntil(() -> {
            Pair.pump(p.net, p.a, up, upAt);
            Pair.pump(p.net, p.b, down, downAt);
            eof[1] |= !Pair.drain(p.net, p.b, upGot);
            eof[0] |= !Pair.drain(p.net, p.a, downGot);
            // Shut down each side once its data is queued, in the chosen order.
            boolean upQueued = upAt[0] == up.length;
            boolean downQueued = downAt[0] == down.length;
            Connection first = clientClosesFirst ? p.a : p.b;
            Connection second = clientClosesFirst ? p.b : p.a;
            boolean firstDone = clientClosesFirst ? upQueued : downQueued;
            boolean secondDone = clientClosesFirst ? downQueued : upQueued;
            if (!shut[0] && firstDone) {
                first.shutdown(p.net.now());
                shut[0] = true;
            }
            if (shut[0] && !shut[1] && secondDone) {
                second.shutdown(p.net.now());
                shut[1] = true;
            }
            return eof[0] && eof[1] && p.a.state() == TcpState.CLOSED && p.b.state() == TcpState.CLOSED;
        }, 20_000_000);
        assertTrue(done, () -> "not finished: client " + p.a.state() + ", server " + p.b.state()
                + ", up " + upGot.size() + "/" + up.length + ", down " + downGot.size() + "/" + down.length);
        assertArrayEquals(up, upGot.toByteArray(), "client to server");
        assertArrayEquals(down, downGot.toByteArray(), "server to client");
        assertEquals(0, p.client.connectionCount() + p.server.connectionCount(), "every TCB deleted");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
