package tcpconform.sut.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls the Linux target needs, through JNA: a private network namespace, the TUN
 * device, and the kernel's sockets (whose descriptors the target needs for {@code TCP_INFO},
 * {@code SO_LINGER} and {@code TCP_NODELAY}). Every call throws {@link LastErrorException} with
 * the errno when it fails. Constants are those of x86-64 and arm64 Linux.
 */
interface Libc extends Library {

    Libc C = Native.load("c", Libc.class);

    int CLONE_NEWNET = 0x4000_0000;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    /** {@code _IOW('T', 202, int)}. */
    long TUNSETIFF = 0x400454caL;
    short IFF_TUN = 0x0001;
    short IFF_NO_PI = 0x1000;
    /** Each packet on the TUN device is preceded by a {@code struct virtio_net_hdr} of 10 octets. */
    short IFF_VNET_HDR = 0x4000;
    /** {@code _IOW('T', 208, unsigned int)}: the offloads the reader of the TUN device takes. */
    long TUNSETOFFLOAD = 0x400454d0L;
    int TUN_F_CSUM = 0x01;
    int TUN_F_TSO4 = 0x02;

    int AF_INET = 2;
    int SOCK_STREAM = 1;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SO_REUSEADDR = 2;
    int SO_ERROR = 4;
    int SO_LINGER = 13;
    int SO_OOBINLINE = 10;
    int IPPROTO_TCP = 6;
    int TCP_NODELAY = 1;
    int TCP_INFO = 11;
    int TCP_USER_TIMEOUT = 18;
    int SHUT_WR = 1;
    int MSG_DONTWAIT = 0x40;
    int MSG_NOSIGNAL = 0x4000;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;

    int EAGAIN = 11;
    int EINPROGRESS = 115;

    int unshare(int flags) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, NativeLong request, byte[] arg) throws LastErrorException;

    int ioctl(int fd, NativeLong request, NativeLong arg) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int poll(byte[] fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    int connect(int fd, byte[] address, int length) throws LastErrorException;

    NativeLong send(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;

    /** A {@code struct sockaddr_in} for an IPv4 address and port. */
    static byte[] sockaddr(int address, int port) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(address);
        return b.array();
    }

    /** A native-order {@code int} option value. */
    static byte[] intValue(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    static int intOf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt();
    }

    /** Sets an {@code int} socket option. */
    static void setInt(int fd, int level, int name, int value) {
        C.setsockopt(fd, level, name, intValue(value), 4);
    }

    /** Reads an {@code int} socket option. */
    static int getInt(int fd, int level, int name) {
        byte[] v = new byte[4];
        C.getsockopt(fd, level, name, v, new int[] {4});
        return intOf(v);
    }

    /** Waits up to {@code timeoutMillis} for {@code events} on one descriptor; returns the events that happened. */
    static int pollOne(int fd, short events, int timeoutMillis) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        b.putInt(fd).putShort(events).putShort((short) 0);
        byte[] fds = b.array();
        int n = C.poll(fds, new NativeLong(1), timeoutMillis);
        return n <= 0 ? 0 : ByteBuffer.wrap(fds).order(ByteOrder.nativeOrder()).getShort(6);
    }
}
