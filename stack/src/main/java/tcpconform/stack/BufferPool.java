package tcpconform.stack;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import tcpconform.stack.buffer.ReceiveBuffer;
import tcpconform.stack.buffer.SendBuffer;

/**
 * Send and receive buffers handed back by connections that no longer need them (TIME-WAIT,
 * CLOSED) and handed out to new ones, so that short connections do not allocate and zero
 * their buffers each time. Keeps at most {@link #KEEP} buffers of each size.
 */
final class BufferPool {

    private static final int KEEP = 256;

    private final Map<Integer, ArrayDeque<SendBuffer>> sends = new HashMap<>();
    private final Map<Integer, ArrayDeque<ReceiveBuffer>> receives = new HashMap<>();

    SendBuffer send(int capacity) {
        ArrayDeque<SendBuffer> q = sends.get(capacity);
        SendBuffer b = q == null ? null : q.poll();
        return b != null ? b : new SendBuffer(capacity);
    }

    ReceiveBuffer receive(int capacity) {
        ArrayDeque<ReceiveBuffer> q = receives.get(capacity);
        ReceiveBuffer b = q == null ? null : q.poll();
        return b != null ? b : new ReceiveBuffer(capacity);
    }

    void giveBack(SendBuffer b) {
        b.clear();
        ArrayDeque<SendBuffer> q = sends.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>());
        if (q.size() < KEEP) {
            q.add(b);
        }
    }

    void giveBack(ReceiveBuffer b) {
        b.clear();
        ArrayDeque<ReceiveBuffer> q = receives.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>());
        if (q.size() < KEEP) {
            q.add(b);
        }
    }
}
