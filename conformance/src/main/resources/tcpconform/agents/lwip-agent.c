/*
 * tcpconform agent for lwIP (docs/agent-protocol.md, version 1).
 *
 * Drives the raw TCP API of the system's liblwip (Debian's liblwip-dev) in one thread: the
 * harness's packets go to ip_input through a netif of our own, whose output function sends what
 * lwIP transmits back to the harness. Time is virtual: sys_now() is defined here (the library
 * calls it through its PLT) and tcp_tmr() runs every TCP_TMR_INTERVAL of it as the harness lets
 * time pass. The stack sits at 10.0.0.1:80; the harness's peer is 10.0.0.2:40000.
 *
 * Built by tcpconform on demand, beside agent-frames.h:
 *   gcc -O1 -Wall -o lwip-agent lwip-agent.c -I/usr/include/lwip -llwip
 */
#include "agent-frames.h"

#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"

#define PEER_PORT 40000
#define OWN_PORT 80
#define SEND_SIZE 100

/* ------------------------------------------------------------------ virtual time */

static u32_t clock_ms;       /* what sys_now() tells lwIP */
static u32_t session_start;  /* the clock at OPEN: the harness sees time from there */
static u32_t next_tick;      /* when tcp_tmr() runs next */

u32_t sys_now(void) { return clock_ms; }

/* ------------------------------------------------------------------ the stack */

static struct netif nif;
static struct tcp_pcb *listener;    /* the passive OPEN */
static struct tcp_pcb *conn;        /* the application's handle on the connection, or NULL */
static int sent_packets;            /* packets lwIP has sent, for the timers */
static int quiet;                   /* drop lwIP's output (while OPEN clears the last session) */
static int delayed_ack, nagle;
static int accepted;                /* the listener has handed over a connection */
static int aborting;                /* the application's own ABORT: its error callback is no news */
static struct pbuf *unread;         /* data arrived, not yet RECEIVEd */
static unsigned long written;       /* octets of the application's stream given to the connection */
static int eof_arrived;
static int connecting;              /* the active OPEN has not completed: a RST now is a refusal */

static err_t output(struct netif *n, struct pbuf *p, const ip4_addr_t *dest) {
    static uint8_t buf[65536];
    (void) n; (void) dest;
    if (quiet) return ERR_OK;
    u16_t len = pbuf_copy_partial(p, buf, p->tot_len, 0);
    put_packet(clock_ms - session_start, buf, len);
    sent_packets++;
    return ERR_OK;
}

static err_t netif_setup(struct netif *n) {
    n->output = output;
    n->mtu = 1500;
    n->flags = NETIF_FLAG_UP | NETIF_FLAG_LINK_UP;
    n->name[0] = 't'; n->name[1] = 'c';
    return ERR_OK;
}

static void signal_app(const char *what) { put_text('G', what); }

/* The pcb of the connection with the peer, wherever lwIP keeps it. */
static struct tcp_pcb *find_pcb(void) {
    struct tcp_pcb *lists[] = {tcp_active_pcbs, tcp_tw_pcbs};
    for (int l = 0; l < 2; l++) {
        for (struct tcp_pcb *p = lists[l]; p != NULL; p = p->next) {
            if (p->local_port == OWN_PORT && p->remote_port == PEER_PORT) return p;
        }
    }
    return NULL;
}

static const char *state_name(int s) {
    static const char *names[] = {"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
                                  "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"};
    return s >= 0 && s <= 10 ? names[s] : "";
}

static int current_state(void) {
    struct tcp_pcb *p = find_pcb();
    if (p != NULL) return p->state;
    return listener != NULL ? LISTEN : CLOSED;
}

/* The RFC's "delete the TCB": the application's handle is gone; its next call makes a new one. */
static void forget_connection(void) {
    conn = NULL;
    if (unread != NULL) { pbuf_free(unread); unread = NULL; }
    eof_arrived = 0;
    connecting = 0;
}

static void on_error(void *arg, err_t err) {
    (void) arg;
    int was_connecting = connecting; /* the pcb is already freed: lwIP's documentation of tcp_err */
    forget_connection();
    if (aborting) return;
    if (err == ERR_RST) signal_app(was_connecting ? "refused" : "reset");
    else if (err == ERR_ABRT) signal_app("timed-out");
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
    (void) arg; (void) pcb; (void) err;
    if (p == NULL) { eof_arrived = 1; return ERR_OK; }
    if (unread == NULL) unread = p; else pbuf_cat(unread, p);
    return ERR_OK;
}

static void adopt(struct tcp_pcb *pcb) {
    conn = pcb;
    written = 0;
    tcp_arg(pcb, NULL);
    tcp_recv(pcb, on_recv);
    tcp_err(pcb, on_error);
    if (!nagle) tcp_nagle_disable(pcb);
    ip_set_option(pcb, SOF_REUSEADDR);
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
    (void) arg;
    if (err != ERR_OK || pcb == NULL || conn != NULL) return ERR_VAL;
    adopt(pcb);
    accepted = 1;
    signal_app("connected");
    return ERR_OK;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err) {
    (void) arg; (void) pcb;
    connecting = 0;
    if (err == ERR_OK) signal_app("connected");
    return ERR_OK;
}

/* With delayed ACKs off, what the fast timer would acknowledge later goes out now. */
static void flush_acks(void) {
    if (delayed_ack) return;
    for (struct tcp_pcb *p = tcp_active_pcbs; p != NULL; p = p->next) {
        if (p->flags & TF_ACK_DELAY) {
            tcp_clear_flags(p, TF_ACK_DELAY);
            tcp_ack_now(p);
            tcp_output(p);
        }
    }
}

static void close_listener(void) {
    if (listener != NULL) { tcp_close(listener); listener = NULL; }
    accepted = 0;
}

/* The connection that came from the listener is over: the listener goes too (as for Linux). */
static void settle(void) {
    if (listener != NULL && accepted && find_pcb() == NULL) {
        close_listener();
    }
}

/* Lets ms of virtual time pass, the TCP timer running as it falls due. */
static void advance(u32_t ms) {
    u32_t until = clock_ms + ms;
    while ((int32_t) (next_tick - until) <= 0) {
        clock_ms = next_tick;
        next_tick += TCP_TMR_INTERVAL;
        tcp_tmr();
        flush_acks();
    }
    clock_ms = until;
}

/* Advances until done() holds or limit ms pass; returns whether it held. */
static int advance_until(int (*done)(int), int before, u32_t limit) {
    u32_t start = clock_ms;
    while (!done(before)) {
        if (clock_ms - start >= limit) return 0;
        advance(TCP_TMR_INTERVAL);
    }
    return 1;
}

static int sent_since(int before) { return sent_packets > before; }
static int connection_gone(int before) { (void) before; struct tcp_pcb *p = find_pcb(); return p == NULL || p->state == TIME_WAIT; }
static int time_wait_over(int before) { (void) before; struct tcp_pcb *p = find_pcb(); return p == NULL || p->state != TIME_WAIT; }

/* ------------------------------------------------------------------ the requests */

static const char *active_open(void) {
    close_listener();
    struct tcp_pcb *pcb = tcp_new();
    if (pcb == NULL) return "tcp_new failed";
    adopt(pcb);
    ip_addr_t self, peer;
    IP_ADDR4(&self, 10, 0, 0, 1);
    IP_ADDR4(&peer, 10, 0, 0, 2);
    if (tcp_bind(pcb, &self, OWN_PORT) != ERR_OK) { tcp_abort(pcb); conn = NULL; return "tcp_bind to port 80 failed"; }
    if (tcp_connect(pcb, &peer, PEER_PORT, on_connected) != ERR_OK) { tcp_abort(pcb); conn = NULL; return "tcp_connect failed"; }
    connecting = 1;
    return NULL;
}

/* Performs a call; returns NULL, or a reason it cannot be made ('N'), or "!" + an error answer ('E'). */
static const char *call(const char *name) {
    static char octets[SEND_SIZE];
    int state = current_state();
    if (strcmp(name, "listen") == 0) {
        if (listener != NULL || find_pcb() != NULL) return "!connection already exists";
        forget_connection();
        struct tcp_pcb *pcb = tcp_new();
        ip_set_option(pcb, SOF_REUSEADDR);
        ip_addr_t self;
        IP_ADDR4(&self, 10, 0, 0, 1);
        if (tcp_bind(pcb, &self, OWN_PORT) != ERR_OK) { tcp_close(pcb); return "!tcp_bind to port 80 failed"; }
        listener = tcp_listen(pcb);
        tcp_accept(listener, on_accept);
        return NULL;
    }
    if (strcmp(name, "connect") == 0) {
        if (find_pcb() != NULL) return "!connection already exists";
        return active_open();
    }
    if (strcmp(name, "send") == 0) {
        if (conn == NULL && listener != NULL && find_pcb() == NULL) {
            const char *r = active_open(); /* §3.10.2: SEND in LISTEN makes the connection active */
            if (r != NULL) return r;
        }
        if (conn == NULL) {
            if (state == SYN_RCVD) return "the raw API gives the application no handle on a connection before accept";
            return "!connection does not exist";
        }
        app_octets(octets, SEND_SIZE, written);
        if (tcp_write(conn, octets, SEND_SIZE, TCP_WRITE_FLAG_COPY) != ERR_OK) return "!connection closing";
        written += SEND_SIZE;
        tcp_output(conn);
        return NULL;
    }
    if (strcmp(name, "receive") == 0) {
        if (conn == NULL) return NULL;
        if (unread != NULL) {
            static uint8_t got[65536];
            u16_t n = pbuf_copy_partial(unread, got, unread->tot_len, 0);
            put_read(got, n);
            tcp_recved(conn, unread->tot_len);
            pbuf_free(unread);
            unread = NULL;
            signal_app("data");
        } else if (eof_arrived) {
            signal_app("eof");
        }
        return NULL;
    }
    if (strcmp(name, "shutdown") == 0 || strcmp(name, "close") == 0 || strcmp(name, "abort") == 0) {
        if (conn == NULL) {
            if (state == SYN_RCVD) return "the raw API gives the application no handle on a connection before accept";
            if (find_pcb() != NULL && strcmp(name, "abort") == 0) return "the application closed the connection, so it has nothing to abort it with";
            if (find_pcb() != NULL) return NULL; /* already closed: the RFC's "connection closing" */
            if (listener != NULL) { close_listener(); return NULL; }
            return "!connection does not exist";
        }
        if (strcmp(name, "shutdown") == 0) {
            tcp_shutdown(conn, 0, 1);
            return NULL;
        }
        if (strcmp(name, "abort") == 0) {
            aborting = 1;
            tcp_abort(conn);
            aborting = 0;
            forget_connection();
            return NULL;
        }
        struct tcp_pcb *pcb = conn;
        tcp_arg(pcb, NULL);
        tcp_err(pcb, NULL);
        tcp_recv(pcb, NULL);
        forget_connection();
        if (tcp_close(pcb) != ERR_OK) { tcp_abort(pcb); }
        return NULL;
    }
    return "no such call";
}

static const char *timer(const char *name) {
    int before = sent_packets;
    u32_t hour = 3600u * 1000u;
    if (strcmp(name, "rto") == 0 || strcmp(name, "persist") == 0) {
        return advance_until(sent_since, before, 120000) ? NULL : "no segment within 120 s of lwIP's time";
    }
    if (strcmp(name, "keepalive") == 0) {
        struct tcp_pcb *p = find_pcb();
        if (p != NULL) ip_set_option(p, SOF_KEEPALIVE);
        return advance_until(sent_since, before, 3 * hour) ? NULL : "no keep-alive within 3 h of lwIP's time";
    }
    if (strcmp(name, "user-timeout") == 0) {
        return advance_until(connection_gone, before, 2 * hour) ? NULL : "lwIP did not give up within 2 h of its time";
    }
    if (strcmp(name, "2msl") == 0) {
        return advance_until(time_wait_over, before, hour) ? NULL : "TIME-WAIT did not end within 1 h of lwIP's time";
    }
    return "no such timer";
}

/* OPEN: a fresh session, every connection of the last one gone without a word on the wire. */
static void open_session(const char *text) {
    quiet = 1;
    aborting = 1;
    while (tcp_active_pcbs != NULL) tcp_abandon(tcp_active_pcbs, 0);
    while (tcp_tw_pcbs != NULL) tcp_abandon(tcp_tw_pcbs, 0);
    close_listener();
    aborting = 0;
    quiet = 0;
    forget_connection();
    delayed_ack = strstr(text, "delayed-ack=yes") != NULL;
    nagle = strstr(text, "nagle=yes") != NULL;
    session_start = clock_ms;
}

int main(void) {
    lwip_init();
    ip4_addr_t addr, mask, gw;
    IP4_ADDR(&addr, 10, 0, 0, 1);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 10, 0, 0, 2);
    netif_add(&nif, &addr, &mask, &gw, NULL, netif_setup, ip_input);
    netif_set_default(&nif);
    netif_set_up(&nif);
    netif_set_link_up(&nif);
    clock_ms = 1000;
    next_tick = clock_ms + TCP_TMR_INTERVAL;
    session_start = clock_ms;

    struct request q;
    while (get_request("lwip-agent", &q)) {
        const char *r = NULL;
        switch (q.type) {
        case 'H':
            put_final('H', "tcpconform-agent 1\nname=lwip\ndescription=lwIP " LWIP_VERSION_STRING
                           " (raw API, Debian's liblwip), virtual time\nvirtual-time=yes\nstate=yes\n"
                           "data=yes\n"
                           "calls=listen,connect,send,receive,shutdown,close,abort\n"
                           "refuses=shutdown@SYN-RECEIVED,close@SYN-RECEIVED,abort@SYN-RECEIVED,send@SYN-RECEIVED,"
                           "abort@FIN-WAIT-1,abort@FIN-WAIT-2,abort@CLOSING,abort@LAST-ACK,abort@TIME-WAIT\n");
            continue;
        case 'O':
            open_session(q.text);
            break;
        case 'Q':
            return 0;
        case 'S':
            put_final('S', state_name(current_state()));
            continue;
        case 'P': {
            struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t) q.length, PBUF_RAM);
            if (p == NULL) { r = "no memory for the packet"; break; }
            pbuf_take(p, q.payload, (u16_t) q.length);
            if (nif.input(p, &nif) != ERR_OK) pbuf_free(p);
            flush_acks();
            break;
        }
        case 'C':
            r = call(q.text);
            flush_acks();
            break;
        case 'T':
            r = timer(q.text);
            break;
        case 'I':
            advance((u32_t) strtoul(q.text, NULL, 10));
            break;
        default:
            r = "unknown message";
        }
        settle();
        put_answer(r, clock_ms - session_start);
    }
    return 0;
}
