/*
 * tcpconform agent for libslirp (docs/agent-protocol.md, version 1).
 *
 * libslirp is a user-mode network: a 4.4BSD-derived TCP/IP stack that terminates a guest's
 * connections and proxies each one to a socket of the host. Here the harness is the guest
 * (10.0.0.2) and the stack under test is slirp's own TCP at its virtual host address (10.0.0.1),
 * which slirp maps to the host's loopback. So the application side of slirp's TCP is a host socket:
 *
 *   - passive OPEN: the agent listens on 127.0.0.1:80; a SYN to 10.0.0.1:80 makes slirp connect
 *     there, and the agent accepts that connection;
 *   - active OPEN: a port forward (slirp_add_hostfwd) to 10.0.0.2:40000; the agent connects to it
 *     from 127.0.0.1:80, which slirp presents to the guest as 10.0.0.1:80;
 *   - send, shutdown, close and abort act on the agent's host socket (abort: SO_LINGER 0, a reset),
 *     receive reads it.
 *
 * The host side connects at once, before the guest's handshake is over, so the agent signals
 * "connected" when slirp's TCB is ESTABLISHED (slirp_connection_info tells its state), not when
 * the host socket connects. Everything else the application learns comes from the host socket.
 *
 * The host sockets live in a network namespace of the agent's own (unshare(CLONE_NEWNET), with only
 * loopback up), so nothing reaches the host's network; the namespace ends with the process.
 *
 * Time is virtual: slirp reads its clock through the clock_get_ns callback, and its TCP timers run
 * from slirp_pollfds_poll as that clock passes their deadlines. One slirp instance per OPEN.
 *
 * Built by tcpconform on demand, beside agent-frames.h: gcc -O1 -Wall -o slirp-agent slirp-agent.c -lslirp
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <slirp/libslirp.h>

#include "agent-frames.h"

#define PEER_PORT 40000
#define OWN_PORT 80
#define SEND_SIZE 100
#define MAX_POLL 64
#define ETH_HEADER 14

static const uint8_t guest_mac[6] = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x02};

/* ------------------------------------------------------------------ time */

static uint64_t clock_ms;       /* slirp's clock, virtual */
static uint64_t session_start;  /* the clock at OPEN: the harness sees time from there */

static void signal_app(const char *what) { put_text('G', what); }

/* ------------------------------------------------------------------ slirp's callbacks */

static Slirp *slirp;
static int quiet;          /* drop slirp's output (while OPEN clears the last session) */
static int sent_packets;   /* IPv4 packets slirp has sent, for the timers */
static int arp_asked;      /* slirp asked who has 10.0.0.2 */

static ssize_t send_packet(const void *buf, size_t len, void *opaque) {
    const uint8_t *frame = buf;
    (void) opaque;
    if (len < ETH_HEADER) return (ssize_t) len;
    int type = (frame[12] << 8) | frame[13];
    if (type == 0x0806) { arp_asked = 1; return (ssize_t) len; }
    if (type != 0x0800 || quiet) return (ssize_t) len;
    put_packet(clock_ms - session_start, frame + ETH_HEADER, len - ETH_HEADER);
    sent_packets++;
    return (ssize_t) len;
}

static void guest_error(const char *msg, void *opaque) { (void) opaque; fprintf(stderr, "slirp: %s\n", msg); }
static int64_t clock_get_ns(void *opaque) { (void) opaque; return (int64_t) clock_ms * 1000000; }
/* slirp's only timer is IPv6's router advertisement, which is off. */
static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque) { (void) cb; (void) cb_opaque; (void) opaque; return malloc(1); }
static void timer_free(void *timer, void *opaque) { (void) opaque; free(timer); }
static void timer_mod(void *timer, int64_t expire, void *opaque) { (void) timer; (void) expire; (void) opaque; }
static void no_fd(int fd, void *opaque) { (void) fd; (void) opaque; }
static void notify(void *opaque) { (void) opaque; }

static const SlirpCb callbacks = {
    .send_packet = send_packet, .guest_error = guest_error, .clock_get_ns = clock_get_ns, .timer_new = timer_new,
    .timer_free = timer_free, .timer_mod = timer_mod, .register_poll_fd = no_fd, .unregister_poll_fd = no_fd,
    .notify = notify,
};

/* An ARP packet from the guest, 10.0.0.2: op 1 asks (here, gratuitously), op 2 answers. */
static void arp_from_guest(int op) {
    uint8_t f[60] = {0};
    memset(f, 0xff, 6);
    memcpy(f + 6, guest_mac, 6);
    f[12] = 0x08; f[13] = 0x06;
    uint8_t *a = f + ETH_HEADER;
    a[1] = 1; a[2] = 0x08; a[4] = 6; a[5] = 4; a[7] = (uint8_t) op;
    memcpy(a + 8, guest_mac, 6);
    a[14] = 10; a[17] = 2;                         /* sender 10.0.0.2 */
    if (op == 1) { a[24] = 10; a[27] = 2; }        /* gratuitous: target 10.0.0.2 too */
    else { a[24] = 10; a[27] = 1; }                /* answer to 10.0.0.1 */
    slirp_input(slirp, f, sizeof f);
}

/* ------------------------------------------------------------------ polling */

static struct pollfd fds[MAX_POLL];
static int nfds;

static int add_poll(int fd, int events, void *opaque) {
    (void) opaque;
    if (nfds == MAX_POLL) return -1;
    short e = 0;
    if (events & SLIRP_POLL_IN) e |= POLLIN;
    if (events & SLIRP_POLL_OUT) e |= POLLOUT;
    if (events & SLIRP_POLL_PRI) e |= POLLPRI;
    fds[nfds].fd = fd;
    fds[nfds].events = e;
    fds[nfds].revents = 0;
    return nfds++;
}

static int get_revents(int idx, void *opaque) {
    (void) opaque;
    if (idx < 0 || idx >= nfds) return 0;
    short r = fds[idx].revents;
    int e = 0;
    if (r & POLLIN) e |= SLIRP_POLL_IN;
    if (r & POLLOUT) e |= SLIRP_POLL_OUT;
    if (r & POLLPRI) e |= SLIRP_POLL_PRI;
    if (r & POLLERR) e |= SLIRP_POLL_ERR;
    if (r & POLLHUP) e |= SLIRP_POLL_HUP;
    return e;
}

/* ------------------------------------------------------------------ the application */

static int listener = -1;     /* the passive OPEN: a host socket on 127.0.0.1:80 */
static int app = -1;          /* the application's socket for the connection, or -1 */
static unsigned long written; /* octets of the application's stream written to app */
static int app_active;        /* the connection came from connect() */
static int released;          /* the application let go of a connection whose TCB lives on */
static int had_tcb;           /* slirp had a TCB for the connection */
static int yielded;           /* "connected" was signalled */
static int listener_yielded;  /* the listener yielded its connection: it goes when that is over */
static int eof_read;
static int hostfwd_port;      /* this session's port forward to 10.0.0.2:40000 */
static int session;

static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static void close_hard(int fd) {
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

/* The state of slirp's TCB with 10.0.0.2:40000, as slirp_connection_info tells it, or "" if none. */
static const char *tcb_state(void) {
    static char state[32];
    state[0] = 0;
    char *info = slirp_connection_info(slirp);
    if (info == NULL) return state;
    char *rest = NULL;
    for (char *line = strtok_r(info, "\n", &rest); line != NULL; line = strtok_r(NULL, "\n", &rest)) {
        /* "  TCP[SYN_RCVD]   5   10.0.0.2 40000   10.0.0.1   80   0   0": the guest's end first when it
           opened the connection, else the host's end (the port forward's) */
        char name[32], src[64], dst[64];
        int fd, sport, dport;
        if (sscanf(line, " TCP[%31[^]]] %d %63s %d %63s %d", name, &fd, src, &sport, dst, &dport) == 6
                && strcmp(name, "HOST_FORWARD") != 0 && ((strcmp(src, "10.0.0.2") == 0 && sport == PEER_PORT)
                    || (strcmp(dst, "10.0.0.2") == 0 && dport == PEER_PORT))) {
            snprintf(state, sizeof state, "%s", name);
            break;
        }
    }
    free(info);
    return state;
}

/* slirp's BSD state names, as RFC 9293 spells them. */
static const char *rfc_state(const char *bsd) {
    static const char *names[][2] = {{"CLOSED", "CLOSED"}, {"LISTEN", "LISTEN"}, {"SYN_SENT", "SYN-SENT"},
        {"SYN_RCVD", "SYN-RECEIVED"}, {"ESTABLISHED", "ESTABLISHED"}, {"CLOSE_WAIT", "CLOSE-WAIT"},
        {"FIN_WAIT_1", "FIN-WAIT-1"}, {"CLOSING", "CLOSING"}, {"LAST_ACK", "LAST-ACK"},
        {"FIN_WAIT_2", "FIN-WAIT-2"}, {"TIME_WAIT", "TIME-WAIT"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(bsd, names[i][0]) == 0) return names[i][1];
    }
    return "";
}

static int has_tcb(void) { return tcb_state()[0] != 0; }

/* The RFC's "delete the TCB": the application's handle is gone; its next call makes a new one. */
static void forget_connection(void) {
    if (app >= 0) close_hard(app);
    app = -1;
    app_active = 0;
    released = 0;
    had_tcb = 0;
    yielded = 0;
    eof_read = 0;
}

static void close_listener(void) {
    if (listener >= 0) close(listener);
    listener = -1;
    listener_yielded = 0;
}

/*
 * slirp hands urgent data from the guest to the host socket as the socket's out-of-band octet; an
 * application reads it in its place in the stream, as RFC 9293 §3.8.5 has it (and RFC 6093 §6
 * advises applications to ask), only with SO_OOBINLINE.
 */
static void read_urgent_inline(int fd) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &one, sizeof one);
}

/*
 * What the application learns between requests. The listener's connection is accepted as soon as
 * slirp connects to it. "connected" is signalled once slirp's TCB is ESTABLISHED or past it: the one
 * signal taken from the TCB, since slirp connects its host side before the guest's handshake is
 * over. "reset" is signalled when the host socket reports one. When the TCB is gone, so is the
 * connection (RFC 9293's deleted TCB); the application learns only what its socket tells it.
 */
static void watch_application(void) {
    if (listener >= 0 && app < 0 && !released) {
        int fd = accept(listener, NULL, NULL);
        if (fd >= 0) { set_nonblocking(fd); read_urgent_inline(fd); app = fd; app_active = 0; written = 0; }
    }
    if (app < 0 && !released) return;
    const char *s = tcb_state();
    if (s[0] != 0) had_tcb = 1;
    if (app >= 0 && !yielded && s[0] != 0 && strcmp(s, "SYN_SENT") != 0 && strcmp(s, "SYN_RCVD") != 0) {
        yielded = 1;
        if (!app_active) listener_yielded = 1;
        signal_app("connected");
    }
    if (app >= 0) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(app, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == ECONNRESET) {
            signal_app("reset");
            forget_connection();
            return;
        }
    }
    if (had_tcb && s[0] == 0) forget_connection();
}

/* The connection the listener yielded is over: the listener goes too (as for Linux). */
static void settle(void) {
    if (listener >= 0 && listener_yielded && app < 0 && !released && !has_tcb()) close_listener();
}

/*
 * Lets slirp run without time passing: its sockets are polled and served until two rounds in a row
 * find nothing to do. Loopback delivers within the call that sends, so nothing is on its way then.
 */
static void pump(void) {
    int idle_rounds = 0;
    while (idle_rounds < 2) {
        uint32_t timeout = UINT32_MAX;
        nfds = 0;
        slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
        int before = sent_packets;
        int ready = poll(fds, (nfds_t) nfds, 0);
        slirp_pollfds_poll(slirp, ready < 0, get_revents, NULL);
        if (arp_asked) { arp_asked = 0; arp_from_guest(2); }
        watch_application();
        idle_rounds = ready > 0 || sent_packets != before ? 0 : idle_rounds + 1;
    }
}

/* Lets ms of virtual time pass, slirp's timers running as their deadlines fall. */
static void advance(uint64_t ms) {
    uint64_t until = clock_ms + ms;
    while (clock_ms < until) {
        uint32_t timeout = UINT32_MAX;
        nfds = 0;
        slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
        uint64_t step = timeout == UINT32_MAX ? until - clock_ms : timeout;
        if (step == 0) step = 1;
        clock_ms = clock_ms + step < until ? clock_ms + step : until;
        pump();
    }
}

static int delayed_ack;

/* slirp delays an ACK by TIMEOUT_FAST (2 ms of its clock); without delayed ACKs that time passes now. */
static void flush_acks(void) {
    if (delayed_ack) return;
    uint32_t timeout = UINT32_MAX;
    nfds = 0;
    slirp_pollfds_fill(slirp, &timeout, add_poll, NULL);
    if (timeout <= 2) advance(timeout);
}

/* Advances until done() holds or limit ms pass; returns whether it held. */
static int advance_until(int (*done)(int), int before, uint64_t limit) {
    uint64_t start = clock_ms;
    while (!done(before)) {
        if (clock_ms - start >= limit) return 0;
        advance(100);
    }
    return 1;
}

static int sent_since(int before) { return sent_packets > before; }
static int connection_gone(int before) { (void) before; const char *s = tcb_state(); return s[0] == 0 || strcmp(s, "TIME_WAIT") == 0; }
static int time_wait_over(int before) { (void) before; return strcmp(tcb_state(), "TIME_WAIT") != 0; }

/* ------------------------------------------------------------------ the requests */

static const char *listen_call(void) {
    if (listener >= 0 || app >= 0 || has_tcb()) return "!connection already exists";
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    read_urgent_inline(fd);
    struct sockaddr_in a = loopback(OWN_PORT);
    if (bind(fd, (struct sockaddr *) &a, sizeof a) != 0 || listen(fd, 1) != 0) {
        close(fd);
        return "!cannot listen on the host side, 127.0.0.1:80";
    }
    set_nonblocking(fd);
    listener = fd;
    return NULL;
}

static const char *connect_call(void) {
    if (app >= 0 || has_tcb()) return "!connection already exists";
    close_listener();
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    read_urgent_inline(fd);
    struct sockaddr_in self = loopback(OWN_PORT), fwd = loopback(hostfwd_port);
    if (bind(fd, (struct sockaddr *) &self, sizeof self) != 0) { close(fd); return "!cannot bind 127.0.0.1:80 on the host side"; }
    set_nonblocking(fd);
    if (connect(fd, (struct sockaddr *) &fwd, sizeof fwd) != 0 && errno != EINPROGRESS) {
        close(fd);
        return "!the host side cannot reach slirp's port forward";
    }
    app = fd;
    app_active = 1;
    written = 0;
    return NULL;
}

/* Performs a call; returns NULL, or a reason it cannot be made ('N'), or "!" + an error answer ('E'). */
static const char *call(const char *name) {
    static char octets[SEND_SIZE];
    if (strcmp(name, "listen") == 0) return listen_call();
    if (strcmp(name, "connect") == 0) return connect_call();
    if (strcmp(name, "receive") == 0) {
        if (app < 0) return NULL;
        char buf[65536];
        ssize_t n, total = 0;
        while ((n = read(app, buf, sizeof buf)) > 0) { put_read(buf, (size_t) n); total += n; }
        if (total > 0) signal_app("data");
        else if (n == 0 && !eof_read) { eof_read = 1; signal_app("eof"); }
        else if (n < 0 && errno == ECONNRESET) { signal_app("reset"); forget_connection(); }
        return NULL;
    }
    if (released) {
        if (strcmp(name, "abort") == 0) return "the application closed the connection, so it has nothing to abort it with";
        if (strcmp(name, "send") == 0) return "!connection closing";
        return NULL; /* already closed: the RFC's "connection closing" */
    }
    if (app < 0) {
        if (listener >= 0) {
            if (strcmp(name, "send") == 0) return "a listening host socket cannot be made to connect (the RFC's SEND in LISTEN)";
            close_listener();
            return NULL;
        }
        return "!connection does not exist";
    }
    if (strcmp(name, "send") == 0) {
        app_octets(octets, SEND_SIZE, written);
        if (send(app, octets, SEND_SIZE, MSG_NOSIGNAL) != SEND_SIZE) return "!connection closing";
        written += SEND_SIZE;
        return NULL;
    }
    if (strcmp(name, "shutdown") == 0) { shutdown(app, SHUT_WR); return NULL; }
    if (strcmp(name, "close") == 0 || strcmp(name, "abort") == 0) {
        if (strcmp(name, "close") == 0) close(app); else close_hard(app);
        app = -1;
        released = has_tcb();
        if (!released) forget_connection();
        return NULL;
    }
    return "no such call";
}

static const char *timer(const char *name) {
    int before = sent_packets;
    uint64_t hour = 3600u * 1000u;
    if (strcmp(name, "rto") == 0 || strcmp(name, "persist") == 0) {
        return advance_until(sent_since, before, 120000) ? NULL : "no segment within 120 s of slirp's time";
    }
    if (strcmp(name, "keepalive") == 0) {
        return "libslirp sends keep-alives only when its internal slirp_do_keepalive is set, which its API does not offer";
    }
    if (strcmp(name, "user-timeout") == 0) {
        return advance_until(connection_gone, before, 2 * hour) ? NULL : "slirp did not give up within 2 h of its time";
    }
    if (strcmp(name, "2msl") == 0) {
        return advance_until(time_wait_over, before, hour) ? NULL : "TIME-WAIT did not end within 1 h of slirp's time";
    }
    return "no such timer";
}

static void new_slirp(void) {
    SlirpConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.version = 4;
    cfg.in_enabled = true;
    inet_pton(AF_INET, "10.0.0.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, "10.0.0.1", &cfg.vhost);
    inet_pton(AF_INET, "10.0.0.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.0.3", &cfg.vnameserver);
    cfg.in6_enabled = false;
    cfg.disable_dns = true;
    cfg.disable_dhcp = true;
    slirp = slirp_new(&cfg, &callbacks, NULL);
    if (slirp == NULL) { fprintf(stderr, "slirp-agent: slirp_new failed\n"); exit(4); }
}

/* OPEN: a fresh slirp, every connection of the last one gone without a word on the wire. */
static const char *open_session(const char *text) {
    quiet = 1;
    if (slirp != NULL) slirp_cleanup(slirp);
    forget_connection();
    close_listener();
    new_slirp();
    arp_from_guest(1);
    session++;
    hostfwd_port = 20000 + session % 20000;
    struct in_addr host, guest;
    inet_pton(AF_INET, "127.0.0.1", &host);
    inet_pton(AF_INET, "10.0.0.2", &guest);
    if (slirp_add_hostfwd(slirp, 0, host, hostfwd_port, guest, PEER_PORT) != 0) {
        quiet = 0;
        return "slirp_add_hostfwd failed for the active OPEN's port forward";
    }
    pump();
    quiet = 0;
    delayed_ack = strstr(text, "delayed-ack=yes") != NULL;
    /* nagle: slirp's tcp_output has no switch for Nagle's algorithm; the setting is left as it is. */
    session_start = clock_ms;
    return NULL;
}

/* A network namespace of the agent's own, with loopback up: nothing it does reaches the host's network. */
static void private_network(void) {
    if (unshare(CLONE_NEWNET) != 0) {
        fprintf(stderr, "slirp-agent: cannot make a private network namespace (unshare: %s); it needs root\n", strerror(errno));
        exit(4);
    }
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0) { fprintf(stderr, "slirp-agent: no loopback: %s\n", strerror(errno)); exit(4); }
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) { fprintf(stderr, "slirp-agent: cannot bring loopback up: %s\n", strerror(errno)); exit(4); }
    close(s);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN); /* a host socket or the harness gone is an error to handle, not a death */
    private_network();
    clock_ms = 1000;
    session_start = clock_ms;
    new_slirp();

    struct request q;
    while (get_request("slirp-agent", &q)) {
        const char *r = NULL;
        switch (q.type) {
        case 'H':
            put_final('H', "tcpconform-agent 1\nname=slirp\ndescription=libslirp " SLIRP_VERSION_STRING
                           " (Debian's libslirp-dev; the application is a host socket in a private network namespace), virtual time\n"
                           "virtual-time=yes\nstate=yes\n"
                           "data=yes\n"
                           "calls=listen,connect,send,receive,shutdown,close,abort\n"
                           "refuses=send@LISTEN,abort@FIN-WAIT-1,abort@FIN-WAIT-2,abort@CLOSING,abort@LAST-ACK,abort@TIME-WAIT\n");
            continue;
        case 'O':
            r = open_session(q.text);
            break;
        case 'Q':
            return 0;
        case 'S': {
            const char *s = tcb_state();
            put_final('S', s[0] != 0 ? rfc_state(s) : listener >= 0 ? "LISTEN" : "CLOSED");
            continue;
        }
        case 'P': {
            static uint8_t eth[ETH_HEADER + MAX_FRAME];
            memcpy(eth, "\x02\x00\x0a\x00\x00\x01", 6); /* slirp does not check the destination */
            memcpy(eth + 6, guest_mac, 6);
            eth[12] = 0x08; eth[13] = 0x00;
            memcpy(eth + ETH_HEADER, q.payload, q.length);
            slirp_input(slirp, eth, (int) (q.length + ETH_HEADER));
            pump();
            flush_acks();
            break;
        }
        case 'C':
            r = call(q.text);
            pump();
            flush_acks();
            break;
        case 'T':
            r = timer(q.text);
            break;
        case 'I':
            advance(strtoull(q.text, NULL, 10));
            break;
        default:
            r = "unknown message";
        }
        settle();
        put_answer(r, clock_ms - session_start);
    }
    return 0;
}
