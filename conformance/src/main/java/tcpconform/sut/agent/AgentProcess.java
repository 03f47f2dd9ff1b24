package tcpconform.sut.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import tcpconform.sut.agent.AgentProtocol.Frame;

/**
 * One agent's child process: frames to its standard input, frames from its standard output read
 * by a thread of their own, and the last lines of its standard error kept for error messages.
 * Every wait is bounded; a process that exits, hangs, or breaks the protocol becomes an {@link
 * AgentFailure} with the reason, and is killed.
 */
final class AgentProcess implements AutoCloseable {

    /** A message from the reader thread: a frame, or why there are no more. */
    private record Incoming(Frame frame, String end) {
    }

    private static final int STDERR_LINES = 5;

    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<Incoming> out = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final Thread errors;
    private String failure;

    private AgentProcess(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        Thread reader = new Thread(this::readFrames, "agent-stdout");
        reader.setDaemon(true);
        reader.start();
        errors = new Thread(this::readStderr, "agent-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    /**
     * Starts {@code command} with {@code /bin/sh -c}.
     *
     * @throws AgentFailure if it cannot be started
     */
    static AgentProcess start(String command) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
            return new AgentProcess(p);
        } catch (IOException e) {
            throw new AgentFailure("agent '" + command + "' cannot be started: " + e.getMessage());
        }
    }

    boolean healthy() {
        return failure == null && process.isAlive();
    }

    /**
     * Sends a request and waits, up to {@code boundMillis}, for its answer: the first frame of
     * one of the {@code answers} types. PACKET, SIGNAL and LOG frames before it go to {@code
     * sink}.
     *
     * @throws AgentFailure if the agent fails, answers out of turn, or does not answer in time
     */
    Frame request(Frame request, long boundMillis, List<Byte> answers, Consumer<Frame> sink) {
        if (failure != null) {
            throw new AgentFailure(failure);
        }
        try {
            AgentProtocol.write(in, request);
        } catch (IOException e) {
            fail("agent took no input (" + e.getMessage() + ")" + exitReason());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
        while (true) {
            Incoming m;
            try {
                m = out.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail("interrupted while waiting for the agent");
            }
            if (m == null) {
                throw fail("agent did not answer " + request.describe() + " within " + boundMillis + " ms");
            }
            if (m.end() != null) {
                throw fail(m.end() + exitReason());
            }
            Frame f = m.frame();
            if (answers.contains(f.type())) {
                return f;
            }
            if (f.type() == AgentProtocol.PACKET || f.type() == AgentProtocol.SIGNAL || f.type() == AgentProtocol.LOG
                    || f.type() == AgentProtocol.READ) {
                sink.accept(f);
            } else {
                throw fail("agent answered " + request.describe() + " with " + f.describe() + ", which the protocol "
                        + "does not allow there");
            }
        }
    }

    /** Frames the agent sent of its own accord since the last request (a real-time stack's timers). */
    void drain(Consumer<Frame> sink) {
        Incoming m;
        while (failure == null && (m = out.peek()) != null && m.end() == null) {
            out.poll();
            sink.accept(m.frame());
        }
    }

    /**
     * Kills the process without a word, as a crash would, with whatever it started (the shell's
     * child, when COMMAND is more than one program), and waits for it to go.
     */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks the agent failed, kills it, and returns the failure to throw. */
    AgentFailure fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new AgentFailure(failure);
    }

    /**
     * Sends QUIT and waits up to {@code millis} for the process to exit; returns its status, or
     * -1 if it is still running (it is then killed).
     */
    int quit(long millis) {
        try {
            AgentProtocol.write(in, Frame.text(AgentProtocol.QUIT, ""));
            if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (IOException e) {
            // it may have exited already
            if (!process.isAlive()) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                AgentProtocol.write(in, Frame.text(AgentProtocol.QUIT, ""));
                in.close();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (IOException e) {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    private void readFrames() {
        InputStream s = process.getInputStream();
        try {
            Frame f;
            while ((f = AgentProtocol.read(s)) != null) {
                out.add(new Incoming(f, null));
            }
            out.add(new Incoming(null, "agent closed its output"));
        } catch (AgentProtocol.ProtocolException e) {
            out.add(new Incoming(null, "agent broke the framing: " + e.getMessage()));
        } catch (IOException e) {
            out.add(new Incoming(null, "agent's output failed: " + e.getMessage()));
        }
    }

    private void readStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    stderr.addLast(line);
                    if (stderr.size() > STDERR_LINES) {
                        stderr.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; what it said is kept
        }
    }

    /** How the process ended, if it has, with its last line on standard error. */
    private String exitReason() {
        try {
            if (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return "";
            }
            errors.join(200); // what it said last, up to the end of its standard error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        String last;
        synchronized (stderr) {
            last = stderr.isEmpty() ? "" : "; its last words: " + AgentProtocol.abbreviated(stderr.peekLast());
        }
        return " (it exited with status " + process.exitValue() + last + ")";
    }
}
