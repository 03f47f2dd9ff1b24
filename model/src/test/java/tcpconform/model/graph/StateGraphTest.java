package tcpconform.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.traverse.BreadthFirstIterator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.Call;
import tcpconform.model.Emit;
import tcpconform.model.Input;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;
import tcpconform.model.profile.Profile;

@DisplayName("RFC 9293 §3.10: the state graph")
class StateGraphTest {

    private final StateGraph graph = StateGraph.of(Profile.BASELINE);

    private static final boolean DATA = true;

    private boolean hasEdge(TcpState from, Input in, TcpState to) {
        return graph.transitions(from, in).stream().anyMatch(t -> t.to() == to);
    }

    private static SegmentInput segment(Kind kind, SeqClass seq, AckClass ack) {
        return SegmentInput.of(kind, seq, ack, false);
    }

    private static SegmentInput segment(Kind kind, SeqClass seq, AckClass ack, boolean data) {
        return SegmentInput.of(kind, seq, ack, data);
    }

    @Test
    void isStronglyConnected() {
        assertTrue(new KosarajuStrongConnectivityInspector<>(graph.graph()).isStronglyConnected());
    }

    @Test
    void everyStateIsReachableFromClosed() {
        EnumSet<TcpState> reached = EnumSet.noneOf(TcpState.class);
        new BreadthFirstIterator<>(graph.graph(), TcpState.CLOSED).forEachRemaining(reached::add);
        assertEquals(EnumSet.allOf(TcpState.class), reached);
    }

    @Test
    void simultaneousOpenGoesFromSynSentToSynReceived() {
        assertTrue(hasEdge(TcpState.SYN_SENT, segment(Kind.SYN, SeqClass.ANY, AckClass.NONE), TcpState.SYN_RECEIVED));
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        assertTrue(hasEdge(TcpState.FIN_WAIT_1, segment(Kind.FIN_ACK, SeqClass.EXACT, AckClass.OLD),
                TcpState.CLOSING));
        assertTrue(hasEdge(TcpState.CLOSING, segment(Kind.ACK, SeqClass.EXACT, AckClass.EXACT),
                TcpState.TIME_WAIT));
    }

    @Test
    void aRstReturnsAPassiveSynReceivedToListen() {
        assertTrue(hasEdge(TcpState.SYN_RECEIVED, segment(Kind.RST, SeqClass.EXACT, AckClass.NONE), TcpState.LISTEN));
    }

    @Test
    void timeWaitAcknowledgesARetransmittedFinAndStays() {
        var edges = graph.transitions(TcpState.TIME_WAIT,
                segment(Kind.FIN_ACK, SeqClass.OLD, AckClass.EXACT));
        assertEquals(1, edges.size());
        assertEquals(TcpState.TIME_WAIT, edges.get(0).to());
        assertTrue(edges.get(0).response().required().contains(Emit.ACK));
    }

    @Test
    void halfCloseKeepsReceivingInFinWait2() {
        assertTrue(hasEdge(TcpState.FIN_WAIT_2, segment(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, DATA),
                TcpState.FIN_WAIT_2));
    }

    @Test
    void everyCallHasAnEdgeInEveryState() {
        for (TcpState s : TcpState.values()) {
            for (Call c : Call.values()) {
                assertFalse(graph.transitions(s, c).isEmpty(), s + " " + c);
            }
        }
    }

    @Test
    void theTimeWaitTimeoutEndsInClosed() {
        assertTrue(hasEdge(TcpState.TIME_WAIT, Timeout.TIME_WAIT, TcpState.CLOSED));
    }

    @Test
    void keepAliveEdgesExistOnlyWhenTheApplicationAskedForThem() {
        assertTrue(graph.transitions(TcpState.ESTABLISHED, Timeout.KEEPALIVE).isEmpty());
        assertFalse(StateGraph.of(Profile.KEEPALIVE).transitions(TcpState.ESTABLISHED, Timeout.KEEPALIVE).isEmpty());
    }
}
