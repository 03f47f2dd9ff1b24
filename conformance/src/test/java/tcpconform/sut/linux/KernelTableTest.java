package tcpconform.sut.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.TcpState;

class KernelTableTest {

    @Test
    @DisplayName("The kernel's SYN_RECV and its request sockets (NEW_SYN_RECV) are both the RFC's SYN-RECEIVED")
    void requestSocketsAreSynReceived() {
        assertEquals(Optional.of(TcpState.SYN_RECEIVED), KernelTable.state(3));
        assertEquals(Optional.of(TcpState.SYN_RECEIVED), KernelTable.state(12));
    }

    @Test
    @DisplayName("The kernel's TCP_CLOSE is no connection at all, not a state of one")
    void tcpCloseIsNoConnection() {
        assertTrue(KernelTable.state(7).isEmpty());
    }

    @Test
    @DisplayName("Every other numbered kernel state is the RFC state of the same name")
    void theOtherStatesMapByName() {
        assertEquals(Optional.of(TcpState.ESTABLISHED), KernelTable.state(1));
        assertEquals(Optional.of(TcpState.TIME_WAIT), KernelTable.state(6));
        assertEquals(Optional.of(TcpState.CLOSE_WAIT), KernelTable.state(8));
        assertEquals(Optional.of(TcpState.CLOSING), KernelTable.state(11));
    }
}
