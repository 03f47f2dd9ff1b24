package tcpconform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.link.Faults;

/** The fault benchmark's connection, bounded for CI: heavy faults, every octet once, every TCB gone. */
class FaultBenchmarkTest {

    @Test
    @DisplayName("§3.4, §3.6: 32 connections under 30 % loss, duplication, reordering and corruption deliver every octet once and close")
    void connectionsUnderHeavyFaultsDeliverEveryOctetOnceAndClose() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 32; i++) {
            Faults faults = new Faults(0.3 * r.nextDouble(0.5, 1), 0.05, 0.1, 0.02, r.nextLong(0, 50), 20);
            long seed = r.nextLong();
            assertEquals("", FaultBenchmark.transfer(faults, seed, false), () -> faults + ", link seed " + seed);
        }
    }
}
