package tcpconform.stack;

/**
 * Per-connection configuration, with the defaults RFC 9293 asks for. Fluent setters validate
 * their argument and throw {@link IllegalArgumentException} naming it; the stack copies the
 * options when a connection or listener is created, so later changes do not leak into it.
 * Times are in milliseconds.
 */
public final class ConnectionOptions {

    private int mss = 1460;
    private int sendBuffer = 64 * 1024;
    private int receiveBuffer = 64 * 1024;
    private boolean nagle = true;
    private boolean keepAlive;
    private long keepAliveIdle = 2 * 60 * 60 * 1000L;
    private long keepAliveInterval = 75_000;
    private int keepAliveProbes = 9;
    private long msl = 120_000;
    private boolean rfc5961 = true;
    private boolean sack = true;
    private boolean timestamps = true;
    private boolean windowScale = true;
    private long initialRto = 1_000;
    private long minRto = 1_000;
    private long maxRto = 60_000;
    private long delayedAck = 200;
    private int synRetries = 7;
    private long userTimeout = 300_000;
    private boolean halfDuplexClose;
    private boolean synCookies = true;

    public ConnectionOptions() {
    }

    public ConnectionOptions copy() {
        ConnectionOptions c = new ConnectionOptions();
        c.mss = mss;
        c.sendBuffer = sendBuffer;
        c.receiveBuffer = receiveBuffer;
        c.nagle = nagle;
        c.keepAlive = keepAlive;
        c.keepAliveIdle = keepAliveIdle;
        c.keepAliveInterval = keepAliveInterval;
        c.keepAliveProbes = keepAliveProbes;
        c.msl = msl;
        c.rfc5961 = rfc5961;
        c.sack = sack;
        c.timestamps = timestamps;
        c.windowScale = windowScale;
        c.initialRto = initialRto;
        c.minRto = minRto;
        c.maxRto = maxRto;
        c.delayedAck = delayedAck;
        c.synRetries = synRetries;
        c.userTimeout = userTimeout;
        c.halfDuplexClose = halfDuplexClose;
        c.synCookies = synCookies;
        return c;
    }

    /** The MSS this end announces: MMS_R, 1460 for an MTU of 1500 (MUST-14, MUST-67). */
    public ConnectionOptions mss(int value) {
        mss = check("mss", value, 88, 65495);
        return this;
    }

    public ConnectionOptions sendBuffer(int bytes) {
        sendBuffer = check("sendBuffer", bytes, 1, 1 << 30);
        return this;
    }

    public ConnectionOptions receiveBuffer(int bytes) {
        receiveBuffer = check("receiveBuffer", bytes, 1, 1 << 30);
        return this;
    }

    /** The Nagle algorithm (§3.7.4, SHLD-7); the application can turn it off (MUST-17). */
    public ConnectionOptions nagle(boolean on) {
        nagle = on;
        return this;
    }

    /** Keep-alives (§3.8.4): off by default (MUST-24, MUST-25). */
    public ConnectionOptions keepAlive(boolean on) {
        keepAlive = on;
        return this;
    }

    /** Idle time before the first keep-alive: two hours by default (MUST-27, MUST-28). */
    public ConnectionOptions keepAliveIdle(long millis) {
        keepAliveIdle = check("keepAliveIdle", millis, 1, Long.MAX_VALUE / 4);
        return this;
    }

    public ConnectionOptions keepAliveInterval(long millis) {
        keepAliveInterval = check("keepAliveInterval", millis, 1, Long.MAX_VALUE / 4);
        return this;
    }

    /** Unanswered keep-alives before the connection is dropped; several, since ACKs get lost (MUST-29). */
    public ConnectionOptions keepAliveProbes(int count) {
        keepAliveProbes = check("keepAliveProbes", count, 1, 1000);
        return this;
    }

    /** Maximum segment lifetime; TIME-WAIT lasts twice this (§3.6.1, MUST-13). */
    public ConnectionOptions msl(long millis) {
        msl = check("msl", millis, 1, Long.MAX_VALUE / 4);
        return this;
    }

    /** RFC 5961's challenge ACKs and ACK range check (§3.10.7.4, MAY-12). */
    public ConnectionOptions rfc5961(boolean on) {
        rfc5961 = on;
        return this;
    }

    public ConnectionOptions sack(boolean on) {
        sack = on;
        return this;
    }

    /** RFC 7323 timestamps and PAWS (MAY-10). */
    public ConnectionOptions timestamps(boolean on) {
        timestamps = on;
        return this;
    }

    public ConnectionOptions windowScale(boolean on) {
        windowScale = on;
        return this;
    }

    /** RFC 6298 §2.1: one second. */
    public ConnectionOptions initialRto(long millis) {
        initialRto = check("initialRto", millis, 1, 3_600_000);
        return this;
    }

    /** RFC 6298 §2.4: one second; real stacks use less (Linux: 200 ms). */
    public ConnectionOptions minRto(long millis) {
        minRto = check("minRto", millis, 1, 3_600_000);
        return this;
    }

    /** RFC 6298 §2.5: at least 60 seconds. */
    public ConnectionOptions maxRto(long millis) {
        maxRto = check("maxRto", millis, 1, 3_600_000);
        return this;
    }

    /** Delay for ACKs (§3.8.6.3): under half a second (MUST-40); 0 acknowledges at once. */
    public ConnectionOptions delayedAck(long millis) {
        delayedAck = check("delayedAck", millis, 0, 499);
        return this;
    }

    /**
     * Retransmissions of SYN or SYN-ACK before the open fails. Seven, with an RTO that starts at
     * one second and doubles, give up after 255 s: at least three minutes (MUST-23).
     */
    public ConnectionOptions synRetries(int count) {
        synRetries = check("synRetries", count, 0, 100);
        return this;
    }

    /**
     * The user timeout (§3.9.1, §3.10.8) and R2 of §3.8.3 measured in time: data unacknowledged
     * this long aborts the connection. Five minutes by default, above the 100 s of SHLD-11.
     */
    public ConnectionOptions userTimeout(long millis) {
        userTimeout = check("userTimeout", millis, 1, Long.MAX_VALUE / 4);
        return this;
    }

    /**
     * Half-duplex close (§3.6.1, MAY-1): after CLOSE the application reads no more, and data
     * still unread or arriving later makes the stack send a RST (SHLD-3). Off by default:
     * RFC 9293's CLOSE means only "I have no more to send".
     */
    public ConnectionOptions halfDuplexClose(boolean on) {
        halfDuplexClose = on;
        return this;
    }

    /**
     * SYN cookies on a listener (RFC 4987 §3.6, see {@code SynCookies}): when its backlog is full
     * of connections in the handshake, SYNs are answered statelessly instead of dropped. On by
     * default; off, a full backlog drops SYNs and the peers retransmit.
     */
    public ConnectionOptions synCookies(boolean on) {
        synCookies = on;
        return this;
    }

    public int mss() {
        return mss;
    }

    public int sendBuffer() {
        return sendBuffer;
    }

    public int receiveBuffer() {
        return receiveBuffer;
    }

    public boolean nagle() {
        return nagle;
    }

    public boolean keepAlive() {
        return keepAlive;
    }

    public long keepAliveIdle() {
        return keepAliveIdle;
    }

    public long keepAliveInterval() {
        return keepAliveInterval;
    }

    public int keepAliveProbes() {
        return keepAliveProbes;
    }

    public long msl() {
        return msl;
    }

    public boolean rfc5961() {
        return rfc5961;
    }

    public boolean sack() {
        return sack;
    }

    public boolean timestamps() {
        return timestamps;
    }

    public boolean windowScale() {
        return windowScale;
    }

    public long initialRto() {
        return initialRto;
    }

    public long minRto() {
        return minRto;
    }

    public long maxRto() {
        return maxRto;
    }

    public long delayedAck() {
        return delayedAck;
    }

    public int synRetries() {
        return synRetries;
    }

    public long userTimeout() {
        return userTimeout;
    }

    public boolean halfDuplexClose() {
        return halfDuplexClose;
    }

    public boolean synCookies() {
        return synCookies;
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static long check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
