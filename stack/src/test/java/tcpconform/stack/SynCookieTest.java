package tcpconform.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.stack.wire.Segment;

/**
 * SYN cookies (RFC 4987 §3.6): what a listener whose backlog is full of handshakes does with
 * SYNs and with the ACKs that return its cookies. Peers are told apart by their source port.
 */
class SynCookieTest {

    private static final int BACKLOG = 2;
    private static final int LATE_PEER = 41000;

    private final Script s = new Script();

    @Test
    @DisplayName("RFC 4987 §3.6: a SYN finding the backlog full of handshakes gets a SYN,ACK, and no TCB is made")
    void fullBacklog_syn_getsCookieWithoutTcb() {
        fullListener();
        cookieFor(LATE_PEER, 1450);
        assertEquals(BACKLOG, s.stack.connectionCount());
        assertEquals(1, s.stack.counters().cookiesSent);
    }

    @Test
    @DisplayName("RFC 4987 §3.6: a cookie SYN,ACK offers only the MSS: no window scale, SACK or timestamps")
    void cookieSynAck_carriesNoOptionItCannotRemember() {
        Script withOptions = new Script(new ConnectionOptions());
        Listener l = withOptions.stack.listen(Script.PORT, 1);
        withOptions.send(Seg.syn().seq(5).mss(1460).windowScale(7).sackPermitted().timestamps(1, 0), 40001);
        withOptions.drain();
        withOptions.send(Seg.syn().seq(9).mss(1460).windowScale(7).sackPermitted().timestamps(1, 0), 40002);
        Segment cookie = withOptions.expect(Seg.synAck().ack(10).mss(1460));
        assertEquals(Segment.ABSENT, cookie.windowScale);
        assertFalse(cookie.sackPermitted);
        assertFalse(cookie.timestamps);
        assertNull(l.accept());
    }

    @Test
    @DisplayName("RFC 4987 §3.6: the ACK returning a cookie opens the connection in ESTABLISHED, with the MSS rounded down")
    void cookieAck_opensTheConnection() {
        Listener l = fullListener();
        Segment cookie = cookieFor(LATE_PEER, 1450);
        returnCookie(cookie, LATE_PEER, Seg.ack());
        s.expectEvent(Event.Type.ACCEPTABLE);
        Connection c = l.accept();
        assertEquals(LATE_PEER, c.remotePort());
        assertEquals(TcpState.ESTABLISHED, c.state());
        assertEquals(1440, c.sendMss(), "1450 rounds down to the cookie table's 1440");
        assertEquals(1, s.stack.counters().cookieConnections);
    }

    @Test
    @DisplayName("RFC 4987 §3.6, §3.10.7.4: text on the ACK returning a cookie is delivered and acknowledged")
    void cookieAck_withText_isDelivered() {
        Listener l = fullListener();
        Segment cookie = cookieFor(LATE_PEER, 1460);
        returnCookie(cookie, LATE_PEER, Seg.pshAck().data("hello"));
        s.expect(Seg.ack().seq(cookie.seq + 1).ack(peerIsn(LATE_PEER) + 6));
        assertEquals(5, l.accept().available());
    }

    @Test
    @DisplayName("§3.10.7.2: an ACK with a forged cookie gets <SEQ=SEG.ACK><CTL=RST>")
    void forgedCookie_isReset() {
        Listener l = fullListener();
        Segment cookie = cookieFor(LATE_PEER, 1460);
        s.send(Seg.ack().seq(peerIsn(LATE_PEER) + 1).ack(cookie.seq + 2), LATE_PEER);
        s.expect(Seg.rst().seq(cookie.seq + 2));
        assertNull(l.accept());
    }

    @Test
    @DisplayName("§3.10.7.2: a cookie is honoured for at most two periods; later its ACK gets a RST")
    void oldCookie_isReset() {
        Listener l = fullListener();
        Segment cookie = cookieFor(LATE_PEER, 1460);
        s.now = 2 * SynCookies.PERIOD_MS + 1;
        cookieFor(LATE_PEER + 1, 1460); // a cookie sent recently: cookies are still in use
        s.send(Seg.ack().seq(peerIsn(LATE_PEER) + 1).ack(cookie.seq + 1), LATE_PEER);
        s.expect(Seg.rst().seq(cookie.seq + 1));
    }

    @Test
    @DisplayName("§3.10.7.2: with cookies off, a SYN finding the backlog full is dropped, and the peer will retransmit")
    void cookiesOff_fullBacklog_dropsSyn() {
        Script plain = new Script(Script.simple().synCookies(false));
        Listener l = plain.stack.listen(Script.PORT, 1);
        plain.send(Seg.syn().seq(5).mss(1460), 40001);
        plain.drain();
        plain.send(Seg.syn().seq(9).mss(1460), 40002);
        plain.expectNothing();
        assertEquals(1, plain.stack.counters().handshakesDropped);
        assertNull(l.accept());
    }

    @Test
    @DisplayName("RFC 4987 §3.6: a full accept queue drops SYNs even with cookies, so it stays bounded by the backlog")
    void fullAcceptQueue_dropsSyn() {
        s.handshakeDone(); // backlog 8
        for (int port = 40001; port <= 40007; port++) {
            s.send(Seg.syn().seq(peerIsn(port)).mss(1460), port);
            Segment synAck = s.expect(Seg.synAck().ack(peerIsn(port) + 1));
            s.send(Seg.ack().seq(peerIsn(port) + 1).ack(synAck.seq + 1), port);
        }
        s.clearEvents();
        s.send(Seg.syn().seq(peerIsn(LATE_PEER)).mss(1460), LATE_PEER);
        s.expectNothing();
        assertEquals(8, s.stack.connectionCount());
        assertEquals(1, s.stack.counters().handshakesDropped);
    }

    /** A listener to which {@link #BACKLOG} peers sent SYNs and never answered: its backlog is full of handshakes. */
    private Listener fullListener() {
        Listener l = s.stack.listen(Script.PORT, BACKLOG);
        for (int i = 0; i < BACKLOG; i++) {
            int port = 40001 + i;
            s.send(Seg.syn().seq(peerIsn(port)).mss(1460), port);
            s.expect(Seg.synAck().ack(peerIsn(port) + 1));
        }
        assertNull(l.accept());
        return l;
    }

    private Segment cookieFor(int port, int mss) {
        s.send(Seg.syn().seq(peerIsn(port)).mss(mss), port);
        return s.expect(Seg.synAck().ack(peerIsn(port) + 1).mss(1460));
    }

    private void returnCookie(Segment cookie, int port, Seg ack) {
        s.send(ack.seq(peerIsn(port) + 1).ack(cookie.seq + 1), port);
    }

    private static int peerIsn(int port) {
        return port * 7919;
    }
}
