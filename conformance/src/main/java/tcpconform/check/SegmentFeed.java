package tcpconform.check;

import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import tcpconform.pcap.CaptureFormatException;
import tcpconform.pcap.CaptureReader;
import tcpconform.pcap.Frame;

/**
 * Reads a capture and decodes its frames on a thread of its own, and hands the TCP segments on in
 * file order, in batches through a queue: reading, decoding and verifying checksums then use a
 * second processor while the checker judges what came before. The queue holds at most
 * {@link #AHEAD} batches (65,536 segments, about 12 MB), so memory stays bounded whatever the
 * file's size. The number is measured: a cold check of a million packets took a median of
 * 1.41 s with 16 batches, 1.27 s with 128, no less with 64 or 512 (docs/benchmarks.md).
 *
 * <p>Whatever stops the reading is handed on in its place in the file: a damaged or unsupported
 * file ({@link #error()}, after every segment before the damage), or an exception, which
 * {@link #next()} throws once the segments before it are taken.
 */
final class SegmentFeed implements AutoCloseable {

    static final int BATCH = 512;
    static final int AHEAD = 128;

    /**
     * Segments decoded from consecutive frames.
     *
     * @param segments the segments, {@code count} of them from index 0
     * @param frames   how many frames had been read in all once the last of them was
     */
    record Batch(Segment[] segments, int count, long frames) {
    }

    /** The end of the file, or the damage or failure that stopped the reading. */
    private record End(long frames, String error, Throwable failure) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Decoder decoder = new Decoder();
    private final Thread thread;
    private End end;

    /** Starts reading; {@code name} is used in messages. */
    SegmentFeed(InputStream in, String name) {
        thread = new Thread(() -> read(in, name), "tcpconform-check-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(InputStream in, String name) {
        long frames = 0;
        Segment[] batch = new Segment[BATCH];
        int n = 0;
        Object last;
        try {
            CaptureReader reader = new CaptureReader(in, name);
            Frame f;
            while ((f = reader.next()) != null) {
                frames++;
                Segment s = decoder.decode(f);
                if (s != null) {
                    batch[n++] = s;
                    if (n == BATCH) {
                        queue.put(new Batch(batch, n, frames));
                        batch = new Segment[BATCH];
                        n = 0;
                    }
                }
            }
            last = new End(frames, null, null);
        } catch (CaptureFormatException e) {
            last = new End(frames, e.getMessage(), null);
        } catch (InterruptedException e) {
            // The checker gave up (close): nobody waits for the rest.
            return;
        } catch (RuntimeException | Error e) {
            last = new End(frames, null, e);
        }
        try {
            if (n > 0) {
                queue.put(new Batch(Arrays.copyOf(batch, n), n, frames));
            }
            queue.put(last);
        } catch (InterruptedException e) {
            // The checker gave up (close).
        }
    }

    /**
     * The next batch, or null once every segment has been handed on.
     *
     * @throws RuntimeException what stopped the reading other than a damaged file (an
     *                          {@link java.io.UncheckedIOException}, say), in its place; an
     *                          {@link Error} likewise
     */
    Batch next() {
        if (end != null) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking a capture", e);
        }
        if (o instanceof Batch b) {
            return b;
        }
        end = (End) o;
        if (end.failure() instanceof RuntimeException e) {
            throw e;
        }
        if (end.failure() instanceof Error e) {
            throw e;
        }
        return null;
    }

    /** Frames read in all; once {@link #next()} has returned null. */
    long frames() {
        return end.frames();
    }

    /** Why reading stopped before the end of the file, or null; once {@link #next()} has returned null. */
    String error() {
        return end.error();
    }

    /** The decoder's counts of frames not checked; once {@link #next()} has returned null. */
    Decoder decoder() {
        return decoder;
    }

    /** Stops the reading if it is still going, and waits for its thread to end. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
