package tcpconform.stack;

import java.util.Arrays;

/**
 * The connections that have a deadline, ordered by it: an indexed binary min-heap, so that the
 * stack finds the next deadline in O(1) and updates one connection's in O(log n), however many
 * connections sit in TIME-WAIT. Each connection remembers its slot.
 */
final class TimerHeap {

    private Connection[] heap = new Connection[16];
    private int size;

    /** Puts, moves or removes {@code c} after its deadline changed ({@code Long.MAX_VALUE}: none). */
    void update(Connection c) {
        long deadline = c.deadline();
        if (c.heapSlot < 0) {
            if (deadline == Long.MAX_VALUE) {
                return;
            }
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = c;
            c.heapSlot = size;
            c.heapKey = deadline;
            size++;
            up(c.heapSlot);
            return;
        }
        if (deadline == Long.MAX_VALUE) {
            remove(c);
            return;
        }
        long old = c.heapKey;
        c.heapKey = deadline;
        if (deadline < old) {
            up(c.heapSlot);
        } else if (deadline > old) {
            down(c.heapSlot);
        }
    }

    void remove(Connection c) {
        int slot = c.heapSlot;
        if (slot < 0) {
            return;
        }
        size--;
        Connection last = heap[size];
        heap[size] = null;
        c.heapSlot = -1;
        if (slot < size) {
            heap[slot] = last;
            last.heapSlot = slot;
            up(slot);
            down(last.heapSlot);
        }
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE}. */
    long earliest() {
        return size == 0 ? Long.MAX_VALUE : heap[0].heapKey;
    }

    /** The connection with the earliest deadline, or null. */
    Connection first() {
        return size == 0 ? null : heap[0];
    }

    private void up(int i) {
        Connection c = heap[i];
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heap[parent].heapKey <= c.heapKey) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].heapSlot = i;
            i = parent;
        }
        heap[i] = c;
        c.heapSlot = i;
    }

    private void down(int i) {
        Connection c = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].heapKey < heap[child].heapKey) {
                child++;
            }
            if (c.heapKey <= heap[child].heapKey) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapSlot = i;
            i = child;
        }
        heap[i] = c;
        c.heapSlot = i;
    }
}
