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

    private boolean hasEdge(TcpState from, tcpconform.model.Input in, TcpState to) {
        return graph.transitions(from, in).stream().anyMatch(t -> t.to() == to);
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
        assertTrue(hasEdge(TcpState.SYN_SENT, SegmentInput.of(Kind.SYN, SeqClass.ANY, AckClass.NONE, false),
                TcpState.SYN_RECEIVED));
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        assertTrue(hasEdge(TcpState.FIN_WAIT_1, SegmentInput.of(Kind.FIN_ACK, SeqClass.EXACT, AckClass.OLD, false),
                TcpState.CLOSING));
        assertTrue(hasEdge(TcpState.CLOSING, SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, false),
                TcpState.TIME_WAIT));
    }

    @Test
    void aRstReturnsAPassiveSynReceivedToListen() {
        assertTrue(hasEdge(TcpState.SYN_RECEIVED, SegmentInput.of(Kind.RST, SeqClass.EXACT, AckClass.NONE, false),
                TcpState.LISTEN));
    }

    @Test
    void timeWaitAcknowledgesARetransmittedFinAndStays() {
        var edges = graph.transitions(TcpState.TIME_WAIT,
                SegmentInput.of(Kind.FIN_ACK, SeqClass.OLD, AckClass.EXACT, false));
        assertEquals(1, edges.size());
        assertEquals(TcpState.TIME_WAIT, edges.get(0).to());
        assertTrue(edges.get(0).response().required().contains(tcpconform.model.Emit.ACK));
    }

    @Test
    void halfCloseKeepsReceivingInFinWait2() {
        assertTrue(hasEdge(TcpState.FIN_WAIT_2, SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, true),
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
