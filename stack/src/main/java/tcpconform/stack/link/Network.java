package tcpconform.stack.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import tcpconform.stack.ConnectionOptions;
import tcpconform.stack.IsnGenerator;
import tcpconform.stack.TcpStack;
import tcpconform.stack.wire.Codec;
import tcpconform.stack.wire.Segment;

/**
 * An in-memory network of stacks on a virtual clock, with seeded fault injection
 * ({@link Faults}). Packets are copied into pooled frames and delivered in order of their
 * arrival time; the clock jumps to the next arrival or timer when nothing is due. Nothing here
 * reads the real clock, so a run is a function of its seed.
 */
public final class Network {

    private static final int FRAME_SIZE = 2048;

    private static final class Frame {
        long at;
        long order;
        TcpStack to;
        byte[] data = new byte[FRAME_SIZE];
        int length;
    }

    private final Faults faults;
    private final SplittableRandom random;
    private final List<TcpStack> stacks = new ArrayList<>();
    private final PriorityQueue<Frame> inFlight = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final ArrayDeque<Frame> pool = new ArrayDeque<>();
    private long now;
    private long order;
    private long delivered;
    private long dropped;
    private Consumer<String> tracer;
    private Tap tap;

    /** Sees every packet a stack sends, as it leaves the stack (before the link's faults). */
    @FunctionalInterface
    public interface Tap {
        void packet(long millis, byte[] packet, int offset, int length);
    }

    public Network(Faults faults, long seed) {
        this.faults = faults;
        this.random = new SplittableRandom(seed);
    }

    /** Adds a stack at {@code address}; its ISN secret is drawn from the network's seed. */
    public TcpStack attach(int address, ConnectionOptions defaults) {
        IsnGenerator isn = new IsnGenerator(random.nextLong(), random.nextLong());
        TcpStack[] self = new TcpStack[1];
        TcpStack stack = new TcpStack(address, isn, defaults, (p, off, len) -> send(self[0], p, off, len));
        self[0] = stack;
        stacks.add(stack);
        return stack;
    }

    /** Reports every packet sent, with the time and what the link did to it; null stops. */
    public void trace(Consumer<String> sink) {
        tracer = sink;
    }

    private void trace(String what, byte[] packet, int off, int len) {
        if (tracer != null) {
            Segment s = new Segment();
            Codec.Result r = Codec.decode(packet, off, len, s);
            tracer.accept(now + " ms " + what + " " + (r == Codec.Result.OK ? s.toString() : r.toString()));
        }
    }

    /** Hands every packet sent to {@code t} (a capture, say); null stops. */
    public void tap(Tap t) {
        tap = t;
    }

    public long now() {
        return now;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    /** Delivers everything due now and fires due timers; returns false when nothing happened. */
    public boolean step() {
        boolean acted = false;
        Frame f;
        while ((f = inFlight.peek()) != null && f.at <= now) {
            inFlight.poll();
            delivered++;
            f.to.receive(f.data, 0, f.length, now);
            release(f);
            acted = true;
        }
        for (int i = 0; i < stacks.size(); i++) {
            TcpStack s = stacks.get(i);
            if (s.nextDeadline() <= now) {
                s.advance(now);
                acted = true;
            }
        }
        return acted;
    }

    /**
     * Runs until {@code done} holds, moving the clock forward as needed, and returns whether it
     * did before {@code deadline} (virtual milliseconds).
     */
    public boolean runUntil(BooleanSupplier done, long deadline) {
        while (!done.getAsBoolean()) {
            if (!step()) {
                long next = nextEvent();
                if (next == Long.MAX_VALUE || next > deadline) {
                    now = Math.max(now, Math.min(deadline, next));
                    return done.getAsBoolean();
                }
                now = Math.max(now, next);
            }
        }
        return true;
    }

    /** Runs until nothing is in flight and no timer is due before {@code now + millis}. */
    public void runFor(long millis) {
        long end = now + millis;
        while (true) {
            if (!step()) {
                long next = nextEvent();
                if (next > end) {
                    now = end;
                    return;
                }
                now = Math.max(now, next);
            }
        }
    }

    private long nextEvent() {
        long next = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().at;
        for (TcpStack s : stacks) {
            next = Math.min(next, s.nextDeadline());
        }
        return next;
    }

    private void send(TcpStack from, byte[] packet, int off, int len) {
        if (len < 20) {
            return;
        }
        if (tap != null) {
            tap.packet(now, packet, off, len);
        }
        int destination = ((packet[off + 16] & 0xFF) << 24) | ((packet[off + 17] & 0xFF) << 16)
                | ((packet[off + 18] & 0xFF) << 8) | (packet[off + 19] & 0xFF);
        TcpStack to = null;
        for (int i = 0; i < stacks.size(); i++) {
            if (stacks.get(i).localAddress() == destination && stacks.get(i) != from) {
                to = stacks.get(i);
            }
        }
        if (to == null || (faults.loss() > 0 && random.nextDouble() < faults.loss())) {
            dropped++;
            trace("lost", packet, off, len);
            return;
        }
        trace("sent", packet, off, len);
        int copies = faults.duplication() > 0 && random.nextDouble() < faults.duplication() ? 2 : 1;
        for (int c = 0; c < copies; c++) {
            Frame f = frame(len);
            System.arraycopy(packet, off, f.data, 0, len);
            f.length = len;
            f.to = to;
            f.at = now + faults.delayMillis();
            if (faults.reordering() > 0 && random.nextDouble() < faults.reordering()) {
                f.at += 1 + random.nextLong(Math.max(faults.reorderMillis(), 1));
            }
            if (faults.corruption() > 0 && random.nextDouble() < faults.corruption()) {
                f.data[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
            }
            f.order = order++;
            inFlight.add(f);
        }
    }

    private Frame frame(int len) {
        Frame f = pool.poll();
        if (f == null) {
            f = new Frame();
        }
        if (f.data.length < len) {
            f.data = new byte[len];
        }
        return f;
    }

    private void release(Frame f) {
        f.to = null;
        pool.add(f);
    }
}
