package tcpconform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The load benchmark, bounded for CI: its checks, not its times. */
class LoadBenchmarkTest {

    @Test
    @DisplayName("§3.3: 1,000 connections open at once each carry their echo intact, then all close and are deleted")
    void thousandConcurrentConnections() {
        LoadBenchmark.Concurrent c = LoadBenchmark.concurrent(1_000);
        assertEquals(List.of(), c.problems());
        assertEquals(1_000, c.openAtOnce());
    }

    @Test
    @DisplayName("RFC 4987 §3.6: during a flood of 10,000 spoofed SYNs every legitimate connection completes, the server holds at most the backlog, and nothing is left")
    void floodWithCookies_legitimateConnectionsComplete() {
        LoadBenchmark.Flood f = LoadBenchmark.flood(10_000, 64, true);
        assertEquals(List.of(), f.problems());
        assertEquals(f.legitimate(), f.completed());
        assertTrue(f.mostTcbs() <= 64 + f.legitimate(), () -> f.mostTcbs() + " TCBs");
        assertEquals(0, f.tcbsLeft());
    }

    @Test
    @DisplayName("RFC 4987 §3.6: without cookies the same flood keeps legitimate connections out until they give up, and still nothing is left")
    void floodWithoutCookies_locksLegitimateConnectionsOut() {
        LoadBenchmark.Flood without = LoadBenchmark.flood(10_000, 64, false);
        assertEquals(0, without.completed(), without::toString);
        assertEquals(0, without.cookiesSent());
        assertEquals(0, without.tcbsLeft());
    }
}
