package tcpconform.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Groups segments into connections by four-tuple, tells successive connections on one four-tuple
 * apart (a SYN with a new ISN once the old connection has ended, or while it was still only an
 * attempt), and hands each connection on when it is over. Memory follows the open connections,
 * not the file: a connection that has ended is kept a while for late segments (2 MSL of capture
 * time, RFC 9293 §3.4.2, at most {@link #MAX_ENDED} of them) and then handed on.
 */
final class Tracker {

    static final int MAX_ENDED = 10_000;
    static final long LINGER_NANOS = 240_000_000_000L;

    private final PassiveModel model;
    private final Consumer<ConnectionResult> done;
    private final Map<FourTuple, ConnectionCheck> open = new HashMap<>();
    private final LinkedHashMap<FourTuple, ConnectionCheck> ended = new LinkedHashMap<>(16, 0.75f, true);
    private long nextId = 1;
    /**
     * Whether the oldest ended connection is known to be {@link #oldestTime}'s: then no connection
     * can be handed on before that time has lingered, and the ended ones need not be looked at.
     */
    private boolean oldestKnown;
    private long oldestTime;

    Tracker(PassiveModel model, Consumer<ConnectionResult> done) {
        this.model = model;
        this.done = done;
    }

    /** How many connections have been seen. */
    long connections() {
        return nextId - 1;
    }

    /** How many are held now (open, or ended and lingering). */
    int held() {
        return open.size() + ended.size();
    }

    void add(Segment s) {
        FourTuple key = s.tuple();
        ConnectionCheck c = open.get(key);
        if (c != null && !(s.syn() && !s.hasAck())) {
            // The common case, kept short: a segment of an open connection.
            c.add(s);
            settle(key, c, false);
        } else {
            addOther(key, c, s);
        }
        if (!ended.isEmpty() && (!oldestKnown || ended.size() > MAX_ENDED || s.timeNanos() - oldestTime >= LINGER_NANOS)) {
            handOnLingered(s.timeNanos());
        }
    }

    /** A segment that may start a connection, or that belongs to one that has ended. */
    private void addOther(FourTuple key, ConnectionCheck openOne, Segment s) {
        ConnectionCheck c = openOne;
        boolean wasEnded = false;
        if (c == null) {
            c = ended.get(key);
            wasEnded = c != null;
            // Getting it made it the newest: the oldest may have changed.
            oldestKnown &= !wasEnded;
        }
        if (c != null && s.syn() && !s.hasAck() && c.newIncarnation(s)) {
            (wasEnded ? ended : open).remove(key);
            done.accept(ConnectionResult.of(c));
            c = new ConnectionCheck(model, nextId++, s, c);
            open.put(key, c);
            wasEnded = false;
        }
        if (c == null) {
            c = new ConnectionCheck(model, nextId++, s);
            open.put(key, c);
        }
        c.add(s);
        settle(key, c, wasEnded);
    }

    /** Moves a connection that has just ended to the ended ones, and one that opened again back. */
    private void settle(FourTuple key, ConnectionCheck c, boolean wasEnded) {
        if (c.ended() && !wasEnded) {
            open.remove(key);
            // Added last, it becomes the oldest only if it is the only one.
            oldestKnown &= !ended.isEmpty();
            ended.put(key, c);
        } else if (!c.ended() && wasEnded) {
            ended.remove(key);
            open.put(key, c);
        }
    }

    /** Hands on the ended connections that have lingered long enough, oldest first. */
    private void handOnLingered(long now) {
        oldestKnown = false;
        Iterator<ConnectionCheck> oldest = ended.values().iterator();
        while (oldest.hasNext()) {
            ConnectionCheck e = oldest.next();
            if (ended.size() <= MAX_ENDED && now - e.lastTime < LINGER_NANOS) {
                oldestKnown = true;
                oldestTime = e.lastTime;
                break;
            }
            oldest.remove();
            done.accept(ConnectionResult.of(e));
        }
    }

    /** Hands on every connection still held, in the order the capture first showed them. */
    void finish() {
        List<ConnectionCheck> rest = new ArrayList<>(open.values());
        rest.addAll(ended.values());
        rest.sort(Comparator.comparingLong(c -> c.id));
        open.clear();
        ended.clear();
        oldestKnown = false;
        for (ConnectionCheck c : rest) {
            done.accept(ConnectionResult.of(c));
        }
    }
}
