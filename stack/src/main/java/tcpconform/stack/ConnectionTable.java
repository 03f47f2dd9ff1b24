package tcpconform.stack;

/**
 * Connections by four-tuple (RFC 9293 §3.3: a connection is identified by its pair of
 * sockets). The stack has one local address, so the rest of the tuple fits in a {@code long}:
 * local port, remote port, remote address. Open addressing with linear probing and
 * backward-shift deletion; lookups allocate nothing.
 */
final class ConnectionTable {

    private long[] keys = new long[64];
    private Connection[] values = new Connection[64];
    private int size;

    static long key(int localPort, int remotePort, int remoteAddress) {
        return ((long) localPort << 48) | ((long) remotePort << 32) | (remoteAddress & 0xFFFF_FFFFL);
    }

    Connection get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return null;
    }

    void put(long key, Connection c) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = c;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = c;
        size++;
    }

    /** Every connection, in no particular order: a copy, so that the caller may delete as it goes. */
    java.util.List<Connection> snapshot() {
        java.util.List<Connection> all = new java.util.ArrayList<>(size);
        for (Connection c : values) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    void remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            return;
        }
        values[i] = null;
        size--;
        // Backward-shift the entries after the hole that probed past it.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        Connection[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Connection[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key ^ (key >>> 33); // the finalizer of MurmurHash3: every key bit moves every slot bit
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
