package tcpconform.sut.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * A private, anonymous network namespace with a TUN device in it, owned by one dedicated platform
 * thread (design.md, "Systems under test"). The thread leaves the host's namespace with
 * {@code unshare(CLONE_NEWNET)} before it does anything else, and refuses to go on if that did
 * not give it a namespace of its own. Everything that must happen inside — sockets, sysctls, the
 * {@code ip} commands — runs on that thread through {@link #run}; descriptors work from any thread.
 *
 * <p>Nothing outlives the namespace: it has no name and no mount, so the kernel deletes it, with
 * its TUN device, addresses, routes and sockets, once the thread has closed its descriptors and
 * ended. That also holds when the JVM is killed: the kernel closes the descriptors of a dead
 * process.
 */
final class Namespace implements AutoCloseable {

    /** The TUN device's name inside the namespace. */
    static final String DEVICE = "tcpc0";

    /**
     * Descriptors are the process's, not the thread's: a child process being started holds a copy
     * of all of them until it executes its program, which keeps a socket another namespace's
     * thread has just closed alive (still listening, its FIN not yet sent). Starting children
     * shares this lock; closing a descriptor takes it alone.
     */
    private static final ReentrantReadWriteLock SPAWNING = new ReentrantReadWriteLock();

    /** Runs {@code close}, which closes descriptors, while no child process is being started. */
    static void closing(Runnable close) {
        SPAWNING.writeLock().lock();
        try {
            close.run();
        } finally {
            SPAWNING.writeLock().unlock();
        }
    }

    /** Closes a descriptor, if there is one, while no child is being started; an error means it was gone already. */
    static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        closing(() -> {
            try {
                Libc.C.close(fd);
            } catch (LastErrorException e) {
                // already closed
            }
        });
    }

    private final ExecutorService thread;
    private int tun = -1;

    private Namespace() {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tcpconform-netns");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the namespace and its TUN device, sets {@code sysctls} (paths under
     * {@code /proc/sys/}), and runs {@code ipCommands} (each an {@code ip -batch} line).
     *
     * @throws IllegalStateException with a one-line reason if the machine cannot do it
     */
    static Namespace create(Map<String, String> sysctls, List<String> ipCommands) {
        return create(sysctls, ipCommands, false);
    }

    /**
     * As {@link #create(Map, List)}; with {@code offload}, each packet on the TUN device carries a
     * {@code virtio_net_hdr} first, and the device takes and hands over TCP segments of up to
     * 64 KiB that the kernel segments (TSO), with checksums it may leave partial.
     */
    static Namespace create(Map<String, String> sysctls, List<String> ipCommands, boolean offload) {
        Namespace ns = new Namespace();
        try {
            ns.run(() -> {
                ns.enter();
                for (Map.Entry<String, String> e : sysctls.entrySet()) {
                    write(Path.of("/proc/sys", e.getKey()), e.getValue());
                }
                ns.tun = openTun(offload);
                ip(ipCommands);
                return null;
            });
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** Runs {@code task} on the namespace's thread and returns its result; its exceptions are rethrown. */
    <T> T run(Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("a task in the network namespace did not end in 10 minutes", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs more {@code ip -batch} lines inside the namespace. */
    void configure(List<String> ipCommands) {
        run(() -> {
            ip(ipCommands);
            return null;
        });
    }

    /**
     * The kernel's id of the namespace's thread, which {@code ip link set DEV netns ID} takes to
     * move a device into this namespace.
     */
    int threadId() {
        return run(() -> Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString()));
    }

    /** The TUN device's descriptor: writing injects an IPv4 packet, reading takes one the kernel routed to it. */
    int tun() {
        return tun;
    }

    /** Closes the TUN device and ends the thread: the kernel then deletes the namespace. */
    @Override
    public void close() {
        closeQuietly(tun);
        tun = -1;
        thread.shutdownNow();
    }

    /** The namespace the calling thread is in, as the kernel names it ({@code net:[inode]}). */
    static String current() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/thread-self/ns/net: " + e.getMessage(), e);
        }
    }

    private void enter() {
        String before = current();
        try {
            Libc.C.unshare(Libc.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot create a network namespace (unshare: errno " + e.getErrorCode()
                    + "; root or CAP_SYS_ADMIN is needed)", e);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot call libc's unshare: " + e.getMessage(), e);
        }
        if (current().equals(before)) {
            throw new IllegalStateException("refusing to run: unshare left the thread in the host's network namespace");
        }
    }

    private static int openTun(boolean offload) {
        int fd;
        try {
            fd = Libc.C.open("/dev/net/tun", Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open /dev/net/tun (errno " + e.getErrorCode() + ")", e);
        }
        byte[] ifreq = new byte[40];
        byte[] name = DEVICE.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ifreq, 0, name.length);
        short flags = (short) (Libc.IFF_TUN | Libc.IFF_NO_PI | (offload ? Libc.IFF_VNET_HDR : 0));
        ifreq[16] = (byte) flags; // little-endian short at offset 16
        ifreq[17] = (byte) (flags >> 8);
        try {
            Libc.C.ioctl(fd, new NativeLong(Libc.TUNSETIFF), ifreq);
        } catch (LastErrorException e) {
            Libc.C.close(fd);
            throw new IllegalStateException("cannot create the TUN device (TUNSETIFF: errno " + e.getErrorCode() + ")", e);
        }
        if (offload) {
            try {
                Libc.C.ioctl(fd, new NativeLong(Libc.TUNSETOFFLOAD), new NativeLong(Libc.TUN_F_CSUM | Libc.TUN_F_TSO4));
            } catch (LastErrorException e) {
                Libc.C.close(fd);
                throw new IllegalStateException("cannot set the TUN device's offloads (TUNSETOFFLOAD: errno "
                        + e.getErrorCode() + ")", e);
            }
        }
        return fd;
    }

    /** Runs {@code ip -batch -} from this thread: the child process is born in the namespace. */
    private static void ip(List<String> commands) {
        if (commands.isEmpty()) {
            return;
        }
        SPAWNING.readLock().lock();
        try {
            Process p = new ProcessBuilder("ip", "-batch", "-").redirectErrorStream(true).start();
            p.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ip failed: " + out.replace('\n', ' '));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ip (iproute2): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring the namespace", e);
        } finally {
            SPAWNING.readLock().unlock();
        }
    }

    private static void write(Path path, String value) {
        try {
            Files.writeString(path, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set " + path + " to " + value, e);
        }
    }
}
