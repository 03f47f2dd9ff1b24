package tcpconform.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tcpconform.bench.TrafficCapture;
import tcpconform.cli.CommandLine;
import tcpconform.model.profile.Profile;
import tcpconform.stack.wire.Checksum;

/** The passive judge ({@code check}): RFC 9293 read against captured traffic. */
class CaptureCheckTest {

    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    @TempDir
    static Path dir;
    private static Path clean;

    @BeforeAll
    static void ownStackTraffic() {
        clean = dir.resolve("own.pcap");
        TrafficCapture.write(clean, 3000, 0, 7);
    }

    private static CaptureCheck.Summary check(Path file, List<ConnectionResult> into) {
        return CaptureCheck.check(file, Profile.known(), into::add, null);
    }

    private static CaptureCheck.Summary check(Path file) {
        return check(file, new ArrayList<>());
    }

    private static List<Violation> violations(Path file) {
        List<ConnectionResult> results = new ArrayList<>();
        check(file, results);
        return results.stream().flatMap(r -> r.violations().stream()).toList();
    }

    // ---------------------------------------------------------------- clean traffic is clean

    @Test
    @DisplayName("Traffic of the own stack with itself (window scale, SACK, timestamps, half-close) checks clean")
    void ownStackTrafficChecksClean() {
        CaptureCheck.Summary s = check(clean);
        assertTrue(s.packets() >= 3000);
        assertEquals(0, s.violations(), () -> violations(clean).toString());
        assertTrue(s.connections() >= 10, "one connection per transfer: " + s.connections());
        assertEquals(null, s.error());
    }

    @Test
    @DisplayName("Traffic of the own stack under loss, duplication and reordering is read with its retransmissions")
    void lossyTrafficIsReadWithItsRetransmissions() {
        Path lossy = dir.resolve("lossy.pcap");
        TrafficCapture.write(lossy, 3000, 0.05, 11);
        CaptureCheck.Summary s = check(lossy);
        assertTrue(s.retransmissions() > 0, "retransmissions recognised");
        assertEquals(0, s.violations(), () -> violations(lossy).toString());
    }

    @Test
    @DisplayName("Successive connections on one four-tuple are told apart by their new SYNs")
    void successiveConnectionsOnOneFourTupleAreToldApart() {
        long syns = Captures.frames(clean).stream().filter(p -> (p[33] & (SYN | ACK)) == SYN).count();
        assertEquals(syns, check(clean).connections());
    }

    @Test
    @DisplayName("A capture that starts mid-connection checks clean, and says it started there")
    void aCaptureStartingMidConnectionChecksClean() {
        List<byte[]> frames = Captures.frames(clean);
        Path mid = Captures.pcap(dir.resolve("mid.pcap"), 101, frames.subList(40, frames.size()), p -> p);
        List<ConnectionResult> results = new ArrayList<>();
        CaptureCheck.Summary s = check(mid, results);
        assertEquals(0, s.violations(), () -> violations(mid).toString());
        assertTrue(results.get(0).notes().stream().anyMatch(n -> n.contains("mid-connection")), results.get(0).notes()::toString);
    }

    @Test
    @DisplayName("Packets missing from the capture are noted as gaps, not violations")
    void packetsMissingFromTheCaptureAreGapsNotViolations() {
        List<byte[]> frames = new ArrayList<>(Captures.frames(clean));
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            boolean data = frames.get(i).length > 100;
            if (!(data && i % 23 == 0)) {
                kept.add(frames.get(i));
            }
        }
        Path gaps = Captures.pcap(dir.resolve("gaps.pcap"), 101, kept, p -> p);
        List<ConnectionResult> results = new ArrayList<>();
        CaptureCheck.Summary s = check(gaps, results);
        assertEquals(0, s.violations(), () -> violations(gaps).toString());
        assertTrue(results.stream().anyMatch(r -> r.notes().stream().anyMatch(n -> n.contains("missing from the capture"))));
    }

    @Test
    @DisplayName("Checksums left to offload on one side are reported as such, not as violations")
    void offloadedChecksumsAreReportedNotViolations() {
        Path offload = Captures.pcap(dir.resolve("offload.pcap"), 101, Captures.frames(clean), p -> {
            byte[] q = p.clone();
            if (q[15] == 1) {
                q[36] = 0;
                q[37] = 0;
            }
            return q;
        });
        List<ConnectionResult> results = new ArrayList<>();
        CaptureCheck.Summary s = check(offload, results);
        assertEquals(0, s.violations());
        assertTrue(results.get(0).notes().stream().anyMatch(n -> n.contains("offload")), results.get(0).notes()::toString);
    }

    // ------------------------------------------------------------------------- link types

    @Test
    @DisplayName("Every link type reads alike: Ethernet with a VLAN tag, SLL, SLL2, null, loopback, IPv4, pcapng")
    void everyLinkTypeReadsAlike() {
        List<byte[]> frames = Captures.frames(clean);
        long expected = check(clean).connections();
        byte[] ether = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 0x81, 0, 0, 5, 8, 0};
        byte[] sll = new byte[16];
        sll[14] = 8;
        byte[] sll2 = new byte[20];
        sll2[0] = 8;
        byte[] nullHeader = {2, 0, 0, 0};
        byte[] loop = {0, 0, 0, 2};
        List<Path> files = List.of(
                Captures.pcap(dir.resolve("ether.pcap"), 1, frames, p -> Captures.prefix(ether, p)),
                Captures.pcap(dir.resolve("sll.pcap"), 113, frames, p -> Captures.prefix(sll, p)),
                Captures.pcap(dir.resolve("sll2.pcap"), 276, frames, p -> Captures.prefix(sll2, p)),
                Captures.pcap(dir.resolve("null.pcap"), 0, frames, p -> Captures.prefix(nullHeader, p)),
                Captures.pcap(dir.resolve("loop.pcap"), 108, frames, p -> Captures.prefix(loop, p)),
                Captures.pcap(dir.resolve("ipv4.pcap"), 228, frames, p -> p),
                Captures.pcapng(dir.resolve("raw.pcapng"), 101, frames));
        for (Path f : files) {
            CaptureCheck.Summary s = check(f);
            assertEquals(frames.size(), s.tcpSegments(), f::toString);
            assertEquals(expected, s.connections(), f::toString);
            assertEquals(0, s.violations(), f::toString);
        }
    }

    @Test
    @DisplayName("IPv6 segments, with an extension header, are checked like IPv4 ones")
    void ipv6IsCheckedLikeIpv4() {
        List<byte[]> v6 = Captures.frames(new Captures()
                .up(SYN, 100, 0, 0, 2, 4, 5, 0xB4)
                .down(SYN | ACK, 300, 102, 0, 2, 4, 5, 0xB4)
                .write(dir.resolve("v4syn.pcap"))).stream().map(CaptureCheckTest::toIpv6).toList();
        List<ConnectionResult> results = new ArrayList<>();
        check(Captures.pcap(dir.resolve("v6.pcap"), 229, v6, p -> p), results);
        assertEquals(1, results.size());
        assertTrue(results.get(0).a().startsWith("2001:db8:0:0:0:0:0:1."), results.get(0).a());
        assertEquals("ack-of-syn", results.get(0).violations().get(0).rule());
    }

    /** The same TCP segment in IPv6 with a hop-by-hop header (checksum redone). */
    private static byte[] toIpv6(byte[] v4) {
        byte[] tcp = Arrays.copyOfRange(v4, 20, v4.length);
        byte[] p = new byte[40 + 8 + tcp.length];
        p[0] = 0x60;
        p[4] = (byte) ((8 + tcp.length) >>> 8);
        p[5] = (byte) (8 + tcp.length);
        p[6] = 0;
        p[7] = 64;
        byte[] a = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4[15]};
        byte[] b = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4[19]};
        System.arraycopy(a, 0, p, 8, 16);
        System.arraycopy(b, 0, p, 24, 16);
        p[40] = 6;
        p[41] = 0;
        System.arraycopy(tcp, 0, p, 48, tcp.length);
        p[48 + 16] = 0;
        p[48 + 17] = 0;
        int c = Checksum.finish(Checksum.add(p, 48, tcp.length, Checksum.add(p, 8, 32, 6 + tcp.length)));
        p[48 + 16] = (byte) (c >>> 8);
        p[48 + 17] = (byte) c;
        return p;
    }

    // ------------------------------------------------------------------ rules, one each

    private static Violation only(Captures c, String name) {
        List<Violation> v = violations(c.write(dir.resolve(name + ".pcap")));
        assertEquals(1, v.size(), v::toString);
        return v.get(0);
    }

    @Test
    @DisplayName("§3.10.7.2: a SYN-ACK that does not acknowledge SEG.SEQ+1 is flagged at its packet")
    void aSynAckNotAcknowledgingTheSynIsFlagged() {
        Violation v = only(new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 102, 0), "synack");
        assertEquals(List.of(2L), v.packets());
        assertEquals("B 10.0.0.2.80", v.endpoint());
        assertEquals("RFC 9293 §3.10.7.2", v.section());
    }

    @Test
    @DisplayName("§3.2 MUST-65: the MSS option on a segment without SYN is flagged")
    void mssOnANonSynSegmentIsFlagged() {
        Violation v = only(new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 101, 0)
                .up(ACK, 101, 301, 0, 2, 4, 5, 0xB4), "mss");
        assertEquals(List.of(3L), v.packets());
        assertEquals(List.of("MUST-65"), v.requirements());
    }

    @Test
    @DisplayName("§3.5.2: a RST answering a segment with ACK takes SEG.ACK as its number")
    void aRstWithTheWrongNumberIsFlagged() {
        Violation v = only(new Captures().up(ACK, 100, 777, 0).down(RST, 778, 0, 0), "rst");
        assertEquals("rst-sequence-number", v.rule());
        assertEquals(List.of(2L), v.packets());
    }

    @Test
    @DisplayName("§3.5.2: a RST at SEG.ACK of the segment it answers is not flagged")
    void aRstAtSegAckIsClean() {
        assertEquals(List.of(), violations(new Captures().up(ACK, 100, 777, 0).down(RST, 777, 0, 0)
                .write(dir.resolve("rst-ok.pcap"))));
    }

    @Test
    @DisplayName("§3.10.4: data after the sender's own FIN is flagged")
    void dataAfterTheFinIsFlagged() {
        Violation v = only(new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 101, 0).up(ACK, 101, 301, 0)
                .up(FIN | ACK, 101, 301, 0).up(ACK, 102, 301, 10), "afterfin");
        assertEquals("after-fin", v.rule());
        assertEquals(List.of(5L), v.packets());
    }

    @Test
    @DisplayName("§3.3.1: an ACK beyond the peer's FIN, once the FIN was acknowledged, is flagged")
    void anAckBeyondTheAcknowledgedFinIsFlagged() {
        Violation v = only(handshake().up(FIN | ACK, 101, 301, 0).down(ACK, 301, 102, 0).down(ACK, 301, 103, 0),
                "ackunsent");
        assertEquals("ack-of-unsent", v.rule());
        assertEquals(List.of(6L), v.packets());
    }

    @Test
    @DisplayName("§3.10.7.4: a window advertised on a segment its receiver drops as old is not the window it sends into")
    void aWindowOnADroppedSegmentIsNotTaken() {
        Violation v = only(handshake().downWindow(ACK, 299, 101, 0, 0)
                .up(ACK, 101, 301, 10), "oldwindow");
        assertEquals("shrinking-window", v.rule());
        assertEquals(List.of(4L), v.packets());
    }

    @Test
    @DisplayName("§3.10.7.1: a new SYN-ACK with a new ISS answering a SYN that reuses the old ISN starts over")
    void aSynReusingItsIsnAfterATimeoutIsANewConnection() {
        assertEquals(List.of(), violations(handshake().down(ACK, 301, 101, 10).down(ACK, 301, 101, 10)
                .up(SYN, 100, 0, 0).down(SYN | ACK, 5000, 101, 0).up(ACK, 101, 5001, 0)
                .write(dir.resolve("reuse.pcap"))));
    }

    /** A three-way handshake: the client's ISS 100, the server's 300. */
    private static Captures handshake() {
        return new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 101, 0).up(ACK, 101, 301, 0);
    }

    @Test
    @DisplayName("§3.8.4: keep-alives (SND.NXT-1, with no octet or one) are recognised, and are no violation")
    void keepAlivesAreRecognised() {
        Path p = handshake().up(ACK, 101, 301, 10).down(ACK, 301, 111, 0)
                .up(ACK, 110, 301, 0).down(ACK, 301, 111, 0)
                .up(ACK, 110, 301, 1).down(ACK, 301, 111, 0)
                .write(dir.resolve("keepalive.pcap"));
        CaptureCheck.Summary s = check(p);
        assertEquals(0, s.violations());
        assertEquals(2, s.keepAlives());
        assertEquals(0, s.retransmissions());
    }

    /** A handshake in which the server offers 10 octets, then the client fills them and the window closes. */
    private static Captures windowClosed() {
        return new Captures().up(SYN, 100, 0, 0).downWindow(SYN | ACK, 300, 101, 10, 0).up(ACK, 101, 301, 0)
                .up(ACK, 101, 301, 10).downWindow(ACK, 301, 111, 0, 0);
    }

    @Test
    @DisplayName("§3.8.6.1: a one-octet probe of a zero window is recognised, and is no violation")
    void zeroWindowProbesAreRecognised() {
        Path p = windowClosed().up(ACK, 111, 301, 1).downWindow(ACK, 301, 111, 0, 0)
                .downWindow(ACK, 301, 111, 100, 0).up(ACK, 111, 301, 10)
                .write(dir.resolve("zerowindow.pcap"));
        CaptureCheck.Summary s = check(p);
        assertEquals(0, s.violations());
        assertEquals(1, s.windowProbes());
    }

    @Test
    @DisplayName("§3.8.6: data beyond a zero window, more than a probe's octet, is flagged")
    void dataBeyondAZeroWindowIsFlagged() {
        Violation v = only(windowClosed().up(ACK, 111, 301, 10), "beyondzero");
        assertEquals("beyond-window", v.rule());
        assertEquals(List.of(6L), v.packets());
    }

    @Test
    @DisplayName("RFC 7323 §2.2: window scale on a SYN-ACK whose SYN carried none is flagged")
    void windowScaleOnASynAckWithoutOneInTheSynIsFlagged() {
        Violation v = only(new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 101, 0, 1, 3, 3, 7), "ws");
        assertEquals("window-scale-only-on-syn", v.rule());
    }

    @Test
    @DisplayName("§3.10: a data segment from an endpoint the model holds to be in SYN-SENT is flagged with its state")
    void dataBeforeTheHandshakeIsFlagged() {
        Violation v = only(new Captures().up(SYN, 100, 0, 0).up(ACK, 101, 0, 10), "early");
        assertEquals("state", v.rule());
        assertTrue(v.expected().contains("SYN-SENT"), v.expected());
    }

    // ------------------------------------------------------------- the campaign's captures

    @Test
    @DisplayName("The own stack's side of every scenario capture checks clean; broken variants are flagged on theirs")
    void campaignCapturesJudgeTheTargetSide() throws IOException {
        assertEquals(0, targetSideViolations("own"));
        for (String broken : List.of("off-by-one-ack", "wrong-rst-sequence-number", "shrinking-window")) {
            assertTrue(targetSideViolations("broken:" + broken) > 0, broken);
        }
    }

    private static long targetSideViolations(String target) throws IOException {
        Path results = dir.resolve("campaign-" + target.replace(':', '-'));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine.run(new String[] {"run", "--target", target, "--suite", "scenarios", "--seed", "1", "--results",
                results.toString()}, quiet, quiet);
        long n = 0;
        try (Stream<Path> files = Files.list(results)) {
            for (Path pcap : files.filter(f -> f.toString().endsWith(".pcap")).toList()) {
                n += violations(pcap).stream().filter(v -> v.endpoint().endsWith("10.0.0.1.80")).count();
            }
        }
        return n;
    }

    // -------------------------------------------------------------------------- bad files

    @Test
    @DisplayName("A truncated capture is checked up to the damage and reported in one line")
    void aTruncatedCaptureIsCheckedUpToTheDamage() throws IOException {
        byte[] whole = Files.readAllBytes(clean);
        Path cut = Captures.writeBytes(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length / 2 + 7));
        CaptureCheck.Summary s = check(cut);
        assertTrue(s.packets() > 100);
        assertTrue(s.error().contains("ends inside"), s.error());
        assertFalse(s.error().contains("\n"));
    }

    @Test
    @DisplayName("A file that is not a capture gets one line and nothing checked")
    void aFileThatIsNotACaptureGetsOneLine() {
        Path text = Captures.writeBytes(dir.resolve("notes.txt"), "hello, world\n".getBytes(StandardCharsets.UTF_8));
        CaptureCheck.Summary s = check(text);
        assertEquals(0, s.packets());
        assertTrue(s.error().contains("is not a pcap or pcapng file"), s.error());
    }

    /** A stream of the clean capture that fails after {@code octets} octets, as a disk or a network share may. */
    private static InputStream failingAfter(int octets) throws IOException {
        byte[] whole = Files.readAllBytes(clean);
        return new FilterInputStream(new ByteArrayInputStream(whole, 0, octets)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("input/output error");
                }
                return n;
            }
        };
    }

    private static boolean aReaderThreadLives() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("tcpconform-check-reader") && t.isAlive());
    }

    @Test
    @DisplayName("A read that fails half way stops the check with its reason, after judging what came before, and leaves no thread behind")
    void aFailingReadStopsTheCheckWithItsReason() throws IOException {
        List<ConnectionResult> results = new ArrayList<>();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CaptureCheck.check(
                failingAfter((int) (Files.size(clean) / 2)), "disk.pcap", Profile.known(), results::add, null));
        assertTrue(e.getMessage().contains("input/output error"), e.getMessage());
        assertFalse(results.isEmpty(), "the connections read before the failure are handed on");
        assertFalse(aReaderThreadLives());
    }

    @Test
    @DisplayName("A listener that fails stops the reading too: no thread is left behind")
    void aFailingListenerStopsTheReading() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CaptureCheck.check(clean,
                Profile.known(), r -> {
                    throw new IllegalStateException("disk full");
                }, null));
        assertEquals("disk full", e.getMessage());
        assertFalse(aReaderThreadLives());
    }

    // --------------------------------------------------------------------- the command line

    private static String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    @DisplayName("check FILE --json gives connections, packets and violations with their packets, endpoint, section, requirement, expected and observed")
    void theJsonFormHasTheNamedFields() {
        Path bad = new Captures().up(SYN, 100, 0, 0).down(SYN | ACK, 300, 102, 0).write(dir.resolve("json.pcap"));
        String[] r = cli("check", bad.toString(), "--json");
        assertEquals("1", r[0], r[2]);
        String json = r[1];
        for (String field : List.of("\"connections\": [", "\"packets\": 2", "\"violations\": [", "\"packets\": [\n",
                "\"endpoint\": \"B 10.0.0.2.80\"", "\"section\": \"RFC 9293 §3.10.7.2\"", "\"requirement\"",
                "\"expected\"", "\"observed\": \"[S.] seq 300 ack 102")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
    }

    @Test
    @DisplayName("check exits 0 on a clean capture, and prints each connection's trajectory and a summary")
    void aCleanCaptureExitsZero() {
        String[] r = cli("check", clean.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("connection 1 ") && r[1].contains("violations   0"), r[1]);
    }

    @Test
    @DisplayName("check - reads the capture from standard input, as from a file")
    void checkDashReadsStandardInput() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(new String[] {"check", "-", "--brief"},
                new ByteArrayInputStream(Files.readAllBytes(clean)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("check standard input") && text.contains("connections  " + check(clean).connections()),
                text);
    }

    @Test
    @DisplayName("check - with something that is not a capture on standard input exits 2 with one line")
    void checkDashWithoutACaptureExitsTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CommandLine.run(new String[] {"check", "-"},
                new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("standard input is not a pcap or pcapng file"), e);
    }

    @Test
    @DisplayName("check exits 2 with one line for a damaged file, after reporting what it read")
    void aDamagedFileExitsTwoWithOneLine() throws IOException {
        byte[] whole = Files.readAllBytes(clean);
        Path cut = Captures.writeBytes(dir.resolve("cut-cli.pcap"), Arrays.copyOf(whole, whole.length / 3));
        String[] r = cli("check", cut.toString(), "--brief");
        assertEquals("2", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[1].contains("stopped"), r[1]);
    }

    @Test
    @DisplayName("check with a missing file or an unknown option exits 2 with one line")
    void badArgumentsExitTwoWithOneLine() {
        for (String[] args : List.of(new String[] {"check"}, new String[] {"check", dir.resolve("none.pcap").toString()},
                new String[] {"check", clean.toString(), "--frobnicate"})) {
            String[] r = cli(args);
            assertEquals("2", r[0], Arrays.toString(args));
            assertEquals(1, r[2].strip().lines().count(), r[2]);
        }
    }

    @Test
    @DisplayName("check --report DIR writes one Allure test per connection")
    void theReportHasATestPerConnection() throws IOException {
        Path report = dir.resolve("allure");
        cli("check", clean.toString(), "--brief", "--report", report.toString());
        try (Stream<Path> files = Files.list(report)) {
            assertEquals(check(clean).connections(), files.filter(f -> f.toString().endsWith("-result.json")).count());
        }
    }
}
