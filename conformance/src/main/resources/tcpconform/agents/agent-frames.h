/*
 * The frames of the tcpconform agent protocol (docs/agent-protocol.md, version 1), for agents in C:
 * what every agent reads and writes on its standard input and output, whatever its stack. Included
 * by the project's C agents; tcpconform copies it beside them when it builds them.
 */
#ifndef TCPCONFORM_AGENT_FRAMES_H
#define TCPCONFORM_AGENT_FRAMES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The longest frame, its type letter included. */
#define MAX_FRAME (1 << 17)

/* One frame: the length of what follows (big-endian), the type letter, the payload. */
static inline void put_frame(char type, const void *payload, size_t length) {
    uint8_t head[5];
    uint32_t n = (uint32_t) length + 1;
    head[0] = n >> 24; head[1] = n >> 16; head[2] = n >> 8; head[3] = n; head[4] = (uint8_t) type;
    if (fwrite(head, 1, 5, stdout) != 5 || (length > 0 && fwrite(payload, 1, length, stdout) != length)) {
        exit(3); /* the harness is gone */
    }
}

static inline void put_text(char type, const char *text) { put_frame(type, text, strlen(text)); }

/* A final frame: the harness waits for it, so it goes out at once. */
static inline void put_final(char type, const char *text) {
    put_text(type, text);
    fflush(stdout);
}

/* A PACKET frame: the agent's clock in milliseconds since OPEN, then the IPv4 packet. */
static inline void put_packet(uint64_t clock, const void *packet, size_t length) {
    static uint8_t out[8 + MAX_FRAME];
    if (length > MAX_FRAME - 9) return;
    for (int i = 0; i < 8; i++) out[i] = (uint8_t) (clock >> (56 - 8 * i));
    memcpy(out + 8, packet, length);
    put_frame('P', out, length + 8);
}

/*
 * The application's data, for agents whose HELLO says data=yes: octet k of what the application
 * SENDs on a connection is 'A'..'Z' then '0'..'9', over and over (k counted from 0 for each new
 * connection); what a RECEIVE returned goes back in READ frames.
 */
static inline void app_octets(char *buf, size_t n, unsigned long from) {
    for (size_t i = 0; i < n; i++) {
        unsigned r = (unsigned) ((from + i) % 36);
        buf[i] = (char) (r < 26 ? 'A' + r : '0' + (r - 26));
    }
}

static inline void put_read(const void *octets, size_t length) {
    const uint8_t *p = octets;
    for (size_t at = 0; at < length; at += 65536) {
        put_frame('R', p + at, length - at < 65536 ? length - at : 65536);
    }
}

/*
 * The final answer to a request: DONE with the clock when reason is NULL, ERROR with the stack's
 * error when it starts with '!', else CANNOT with the reason.
 */
static inline void put_answer(const char *reason, uint64_t clock) {
    char done[32];
    if (reason == NULL) {
        snprintf(done, sizeof done, "%llu", (unsigned long long) clock);
        put_final('D', done);
    } else if (reason[0] == '!') {
        put_final('E', reason + 1);
    } else {
        put_final('N', reason);
    }
}

static inline int read_fully(uint8_t *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(0, buf + got, n - got);
        if (r <= 0) return -1;
        got += (size_t) r;
    }
    return 0;
}

/* A request: its type, its payload, and the payload's first 255 octets as text. */
struct request {
    char type;
    uint8_t *payload;
    size_t length;
    char text[256];
};

/*
 * Reads the next request. Returns 1, or 0 at the end of the input; a frame out of bounds, or input
 * that ends inside one, ends the agent with status 3 and a line on standard error naming it.
 */
static inline int get_request(const char *agent, struct request *r) {
    static uint8_t frame[MAX_FRAME];
    uint8_t head[4];
    if (read_fully(head, 4) != 0) return 0;
    uint32_t n = ((uint32_t) head[0] << 24) | ((uint32_t) head[1] << 16) | ((uint32_t) head[2] << 8) | head[3];
    if (n < 1 || n > MAX_FRAME) { fprintf(stderr, "%s: frame length %u out of bounds\n", agent, n); exit(3); }
    if (read_fully(frame, n) != 0) { fprintf(stderr, "%s: input ended inside a frame\n", agent); exit(3); }
    r->type = (char) frame[0];
    r->payload = frame + 1;
    r->length = n - 1;
    size_t t = r->length < sizeof r->text - 1 ? r->length : sizeof r->text - 1;
    memcpy(r->text, r->payload, t);
    r->text[t] = 0;
    return 1;
}

#endif
