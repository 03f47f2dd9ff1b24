package tcpconform.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tcpconform.model.Input;
import tcpconform.model.Timeout;
import tcpconform.run.Campaign.Listener;
import tcpconform.run.Campaign.Suite;

/**
 * Runs a campaign's cases, on as many threads as the target allows. Jobs are started in batches;
 * an urgent batch (the tour's cases that the next round is planned from) goes ahead of every job
 * not yet started, and the others start longest wait first, so that on a real-time target the
 * long timers run while everything else does. The others never take more than three quarters of
 * the threads, so that an urgent job does not wait behind a user timeout. A batch hands its
 * results to the listener in its own order when it is delivered; progress is reported as cases
 * finish.
 */
final class Workers implements AutoCloseable {

    /** A case to run in a suite, and how: a walk is shrunk when its outcome is unexpected. */
    record Job(Suite suite, Case c, Supplier<CaseResult> work) {
    }

    /** Jobs started together, whose results are delivered together. */
    final class Batch {
        private final List<Job> jobs;
        private final List<Future<CaseResult>> futures; // null: the jobs run when delivered

        private Batch(List<Job> jobs, List<Future<CaseResult>> futures) {
            this.jobs = jobs;
            this.futures = futures;
        }

        /** Waits for every job of the batch and hands the results to the listener, in the batch's order. */
        void deliver() {
            for (int i = 0; i < jobs.size(); i++) {
                CaseResult r = futures == null ? runAndCount(jobs.get(i)) : await(futures.get(i));
                listener.finished(r);
            }
        }
    }

    /** How long a case waits on a real-time target, roughly: TIME-WAIT most, then a user timeout. */
    static int waits(Case c) {
        int w = 0;
        for (Input in : c.test().inputs()) {
            if (in == Timeout.TIME_WAIT) {
                w += 60;
            } else if (in == Timeout.USER) {
                w += 10;
            } else if (in instanceof Timeout) {
                w += 1;
            }
        }
        return w;
    }

    private final Listener listener;
    private final int threads;
    private final Map<Suite, int[]> counts = new EnumMap<>(Suite.class); // suite -> {done, total}
    private final AtomicLong started = new AtomicLong();
    // The queues, guarded by this: urgent jobs in the order they were started, the others by weight.
    private final Deque<Ranked> urgent = new ArrayDeque<>();
    private final PriorityQueue<Ranked> others = new PriorityQueue<>(Ranked.ORDER);
    /** The most threads the others may take, so that an urgent job never waits for a long one. */
    private final int othersAtMost;
    private int othersRunning;
    private final List<Thread> pool = new ArrayList<>();
    private boolean closed;

    /**
     * Workers on {@code threads} threads. With one, everything runs on the caller's thread: a batch
     * started {@link Priority#LATER} when it is delivered, any other at once.
     */
    Workers(int threads, Listener listener) {
        this.listener = listener;
        this.threads = threads;
        this.othersAtMost = Math.max(1, threads - threads / 4);
    }

    /** How soon a batch's jobs start. */
    enum Priority {
        /** Before every job not yet started, on any thread: what the next step of the campaign waits for. */
        URGENT,
        /** Before the jobs started {@link #LATER}, longest wait first. */
        SOON,
        /** Longest wait first. */
        LATER
    }

    /** Starts the jobs, by their priority. */
    Batch start(List<Job> jobs, Priority priority) {
        boolean urgent = priority == Priority.URGENT;
        synchronized (counts) {
            for (Job j : jobs) {
                counts.computeIfAbsent(j.suite(), k -> new int[2])[1]++;
            }
        }
        if (threads <= 1) {
            if (priority == Priority.LATER) {
                return new Batch(List.copyOf(jobs), null); // run when delivered: nothing waits for them
            }
            List<Future<CaseResult>> done = new ArrayList<>(jobs.size());
            for (Job j : jobs) {
                FutureTask<CaseResult> task = new FutureTask<>(() -> runAndCount(j));
                task.run();
                done.add(task);
            }
            return new Batch(List.copyOf(jobs), done);
        }
        List<Ranked> tasks = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            tasks.add(new Ranked(priority, -waits(j.c()), started.getAndIncrement(), () -> runAndCount(j)));
        }
        synchronized (this) {
            if (pool.isEmpty()) {
                for (int i = 0; i < threads; i++) {
                    Thread t = new Thread(this::work, "tcpconform-case-" + (i + 1));
                    t.setDaemon(true);
                    pool.add(t);
                    t.start();
                }
            }
            (urgent ? this.urgent : others).addAll(tasks);
            notifyAll();
        }
        return new Batch(List.copyOf(jobs), List.copyOf(tasks));
    }

    /** A worker thread: takes the next job it may, runs it, and so on until closed. */
    private void work() {
        while (true) {
            Ranked next;
            synchronized (this) {
                while (!closed && urgent.isEmpty() && (others.isEmpty() || othersRunning >= othersAtMost)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = urgent.isEmpty() ? others.poll() : urgent.poll();
                if (!next.urgent) {
                    othersRunning++;
                }
            }
            next.run();
            if (!next.urgent) {
                synchronized (this) {
                    othersRunning--;
                    notifyAll();
                }
            }
        }
    }

    private CaseResult runAndCount(Job j) {
        CaseResult r = j.work().get();
        synchronized (counts) {
            int[] c = counts.get(j.suite());
            listener.progress(j.suite(), ++c[0], c[1]);
        }
        return r;
    }

    private static CaseResult await(Future<CaseResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        pool.forEach(Thread::interrupt);
    }

    /** A job in a queue; the others are taken by priority, then by weight, then in the order they were started. */
    private static final class Ranked extends FutureTask<CaseResult> {
        static final Comparator<Ranked> ORDER = Comparator.<Ranked, Priority>comparing(r -> r.priority)
                .thenComparingInt(r -> r.weight).thenComparingLong(r -> r.sequence);

        private final Priority priority;
        private final boolean urgent;
        private final int weight;
        private final long sequence;

        Ranked(Priority priority, int weight, long sequence, Callable<CaseResult> work) {
            super(work);
            this.priority = priority;
            this.urgent = priority == Priority.URGENT;
            this.weight = weight;
            this.sequence = sequence;
        }
    }
}
