package tcpconform.sut.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import tcpconform.model.TcpState;

/**
 * The kernel's TCP states, as {@code TCP_INFO} and {@code /proc/net/tcp} number them
 * ({@code include/net/tcp_states.h}), and the lookup of a connection the application no longer
 * holds (orphaned in FIN-WAIT, LAST-ACK or TIME-WAIT, or a request in SYN-RECEIVED) in the
 * namespace's table.
 */
final class KernelTable {

    private KernelTable() {
    }

    /** The RFC's state for the kernel's number; empty for TCP_CLOSE, which is no connection. */
    static Optional<TcpState> state(int kernel) {
        return Optional.ofNullable(switch (kernel) {
            case 1 -> TcpState.ESTABLISHED;
            case 2 -> TcpState.SYN_SENT;
            case 3, 12 -> TcpState.SYN_RECEIVED; // SYN_RECV, NEW_SYN_RECV (a request socket)
            case 4 -> TcpState.FIN_WAIT_1;
            case 5 -> TcpState.FIN_WAIT_2;
            case 6 -> TcpState.TIME_WAIT;
            case 8 -> TcpState.CLOSE_WAIT;
            case 9 -> TcpState.LAST_ACK;
            case 10 -> TcpState.LISTEN;
            case 11 -> TcpState.CLOSING;
            default -> null;
        });
    }

    /**
     * The kernel's state of the connection between the two endpoints, from the calling thread's
     * namespace's {@code /proc/thread-self/net/tcp}; empty if there is none.
     */
    static Optional<Integer> lookup(int local, int localPort, int remote, int remotePort) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/thread-self/net/tcp"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/thread-self/net/tcp: " + e.getMessage(), e);
        }
        String want = endpoint(local, localPort) + " " + endpoint(remote, remotePort);
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && (f[1] + " " + f[2]).equals(want)) {
                return Optional.of(Integer.parseInt(f[3], 16));
            }
        }
        return Optional.empty();
    }

    /** How the table writes an endpoint: the address as a native-order (little-endian) word, then the port. */
    private static String endpoint(int address, int port) {
        return String.format("%08X:%04X", Integer.reverseBytes(address), port);
    }
}
