// P4's load generator: GET /kabinet at a fixed rate, wrk2-style, timed from each request's slot.
//
//   fixedrate HOST PORT SESSIONS_FILE komis|baseline RATE CONNECTIONS THREADS SECONDS
//
// Why not wrk: wrk's Lua cannot tell which of a thread's connections an answer belongs to, so a per-connection
// schedule in bench/kabinet.lua needs one wrk thread per connection (32 threads on a 2-core machine, each waking
// on its own timer), and those threads compete with the app and PostgreSQL for the cores they are measuring.
// wrk2 (wrk with this schedule built in) is not packaged here. This program is that schedule in C: THREADS
// threads, each an epoll loop over its share of CONNECTIONS keep-alive connections.
//
// Each connection i of C sends its k-th request at start + (i + k × C) ÷ RATE seconds (its share of the rate,
// the connections' schedules evenly staggered), and never before its slot. A request is timed from its slot,
// not from its sending: an answer that comes late delays the connection's next request, and that wait counts in
// the next one's latency (no coordinated omission). Requests rotate over the sessions in SESSIONS_FILE (lines
// "code<TAB>cookie", written by bench/sessions.py): komis sends GET /kabinet with the session's cookie, baseline
// GET /kabinet/{code}. Every request whose slot falls in the run is awaited (up to 5 s) and counted; an answer
// other than 200, a closed connection or a timeout is an error.
//
// Prints the RESULT line of bench/wrk-report.lua: slot_p50_ms/slot_p99_ms from the slot, p50_ms/p99_ms from the
// sending, requests, seconds, rps, errors, socket_errors.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_NS 5000000000LL

typedef struct { char *code, *cookie; } session;

typedef struct {
    int fd, index;            // socket; connection number 0..C-1
    int busy;                 // a request is out
    int64_t slot, sent;       // the out request's slot and sending time (ns, CLOCK_MONOTONIC)
    int64_t k;                // requests sent on this connection
    size_t next_session;
    char *buf; size_t len, cap;
    char *req; size_t req_len, req_off;
} conn;

typedef struct {
    int id, nconns;
    conn *conns;
    double *slot_ms, *sent_ms; size_t n, cap;
    long errors, socket_errors;
} worker;

static const char *host; static int port;
static session *sessions; static size_t nsessions;
static int baseline; static double rate; static int connections; static int64_t start_ns, end_ns;
static struct sockaddr_in addr;

static int64_t now_ns(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static int64_t slot_of(const conn *c) { // start + (i + k × C) ÷ rate
    return start_ns + (int64_t)(((double)c->index + (double)c->k * connections) / rate * 1e9);
}

static void connect_conn(int ep, conn *c) {
    if (c->fd >= 0) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); }
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0) die("socket");
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
    int one = 1; setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) die("epoll_ctl");
    c->len = 0;
}

static void record(worker *w, double slot_ms, double sent_ms) {
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 65536;
        w->slot_ms = realloc(w->slot_ms, w->cap * sizeof(double));
        w->sent_ms = realloc(w->sent_ms, w->cap * sizeof(double));
        if (!w->slot_ms || !w->sent_ms) die("realloc");
    }
    w->slot_ms[w->n] = slot_ms; w->sent_ms[w->n] = sent_ms; w->n++;
}

static void build_request(conn *c) {
    session *s = &sessions[c->next_session];
    c->next_session = (c->next_session + 1) % nsessions;
    size_t need = 256 + strlen(host) + strlen(s->code) + strlen(s->cookie);
    c->req = realloc(c->req, need);
    if (!c->req) die("realloc");
    int n = baseline
        ? snprintf(c->req, need, "GET /kabinet/%s HTTP/1.1\r\nHost: %s:%d\r\n\r\n", s->code, host, port)
        : snprintf(c->req, need, "GET /kabinet HTTP/1.1\r\nHost: %s:%d\r\nCookie: %s\r\n\r\n", host, port, s->cookie);
    c->req_len = (size_t)n; c->req_off = 0;
}

// Writes what is left of the request; 0 when written or waiting for EPOLLOUT, -1 when the connection failed.
static int write_request(int ep, conn *c) {
    while (c->req_off < c->req_len) {
        ssize_t n = write(c->fd, c->req + c->req_off, c->req_len - c->req_off);
        if (n > 0) { c->req_off += (size_t)n; continue; }
        if (n < 0 && errno == EAGAIN) {
            struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
            epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
            return 0;
        }
        return -1;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
    return 0;
}

// 1 with *status and *keep_alive set when buf holds one whole response, 0 when more is needed, -1 when malformed.
static int parse_response(const char *buf, size_t len, int *status, int *keep_alive) {
    const char *end = memmem(buf, len, "\r\n\r\n", 4);
    if (!end) return 0;
    if (len < 12 || strncmp(buf, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(buf + 9);
    *keep_alive = 1;
    long content_length = -1; int chunked = 0;
    for (const char *line = memmem(buf, len, "\r\n", 2) + 2; line < end; ) {
        const char *eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
        if (!eol) return -1;
        if (strncasecmp(line, "Content-Length:", 15) == 0) content_length = strtol(line + 15, NULL, 10);
        else if (strncasecmp(line, "Transfer-Encoding:", 18) == 0 && memmem(line, (size_t)(eol - line), "chunked", 7)) chunked = 1;
        else if (strncasecmp(line, "Connection:", 11) == 0 && memmem(line, (size_t)(eol - line), "close", 5)) *keep_alive = 0;
        line = eol + 2;
    }
    const char *body = end + 4, *stop = buf + len;
    if (chunked) {
        for (const char *p = body;;) {
            const char *eol = memmem(p, (size_t)(stop - p), "\r\n", 2);
            if (!eol) return 0;
            char *after; long size = strtol(p, &after, 16);
            if (after == p || size < 0) return -1;
            if (size == 0) { // last chunk; no trailers expected: "0\r\n\r\n"
                if (stop - eol < 4) return 0;
                return memcmp(eol + 2, "\r\n", 2) == 0 ? 1 : -1;
            }
            if (stop - (eol + 2) < size + 2) return 0;
            p = eol + 2 + size + 2;
        }
    }
    if (content_length >= 0) return (stop - body) >= content_length ? 1 : 0;
    return (*status == 204 || *status == 304) ? 1 : -1; // no length and not chunked: not sent by these apps
}

// A connection that failed or timed out: its request out, if any, counts as a socket error; it is opened again.
static void drop(worker *w, int ep, conn *c) {
    if (c->busy) { w->socket_errors++; c->busy = 0; c->k++; }
    connect_conn(ep, c);
}

static void send_next(worker *w, int ep, conn *c, int64_t now) {
    build_request(c);
    c->busy = 1; c->sent = now;
    if (write_request(ep, c) != 0) drop(w, ep, c);
}

static void *run(void *arg) {
    worker *w = arg;
    int ep = epoll_create1(0), tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    if (ep < 0 || tfd < 0) die("epoll/timerfd");
    struct epoll_event tev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
    for (int i = 0; i < w->nconns; i++) connect_conn(ep, &w->conns[i]);
    struct epoll_event events[64];
    for (;;) {
        int64_t now = now_ns(), wake = INT64_MAX; int out = 0;
        for (int i = 0; i < w->nconns; i++) {
            conn *c = &w->conns[i];
            if (c->busy) {
                out++;
                if (now - c->sent > TIMEOUT_NS) drop(w, ep, c);
                else if (c->sent + TIMEOUT_NS < wake) wake = c->sent + TIMEOUT_NS;
                continue;
            }
            int64_t slot = slot_of(c);
            if (slot >= end_ns) continue; // the run's last slot is past
            if (slot <= now) { c->slot = slot; send_next(w, ep, c, now); out++; }
            else if (slot < wake) wake = slot;
        }
        if (!out && wake == INT64_MAX) break; // nothing out, nothing left to send
        struct itimerspec when = { .it_value = { .tv_sec = wake / 1000000000LL, .tv_nsec = wake % 1000000000LL } };
        timerfd_settime(tfd, TFD_TIMER_ABSTIME, &when, NULL);
        int n = epoll_wait(ep, events, 64, -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < n; e++) {
            conn *c = events[e].data.ptr;
            if (!c) { uint64_t x; if (read(tfd, &x, sizeof x) < 0) { /* timer raced: fine */ } continue; }
            if (events[e].events & EPOLLOUT) { if (write_request(ep, c) != 0) goto failed; }
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            for (;;) {
                if (c->cap - c->len < 16384) {
                    c->cap = c->cap ? c->cap * 2 : 65536;
                    c->buf = realloc(c->buf, c->cap);
                    if (!c->buf) die("realloc");
                }
                ssize_t r = read(c->fd, c->buf + c->len, c->cap - c->len);
                if (r > 0) { c->len += (size_t)r; continue; }
                if (r < 0 && errno == EAGAIN) break;
                goto failed; // closed or failed
            }
            if (!c->busy) goto failed; // bytes nobody asked for
            int status, keep_alive, done = parse_response(c->buf, c->len, &status, &keep_alive);
            if (done == 0) continue;
            if (done < 0) goto failed;
            int64_t t = now_ns();
            record(w, (t - c->slot) / 1e6, (t - c->sent) / 1e6);
            if (status != 200) w->errors++;
            c->busy = 0; c->k++; c->len = 0;
            if (!keep_alive) connect_conn(ep, c);
            continue;
        failed:
            drop(w, ep, c);
        }
    }
    for (int i = 0; i < w->nconns; i++) close(w->conns[i].fd);
    close(tfd); close(ep);
    return NULL;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, size_t n, double p) { // as bench/wrk-report.lua: the ceil(n × p ÷ 100)-th value
    if (!n) return -1;
    size_t i = (size_t)((double)n * p / 100.0 + 0.999999999);
    if (i < 1) i = 1;
    if (i > n) i = n;
    return v[i - 1];
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: %s HOST PORT SESSIONS_FILE komis|baseline RATE CONNECTIONS THREADS SECONDS\n", argv[0]);
        return 2;
    }
    host = argv[1]; port = atoi(argv[2]);
    baseline = strcmp(argv[4], "baseline") == 0;
    rate = atof(argv[5]); connections = atoi(argv[6]);
    int threads = atoi(argv[7]); double seconds = atof(argv[8]);
    if (port <= 0 || rate <= 0 || connections <= 0 || threads <= 0 || threads > connections || seconds <= 0) {
        fprintf(stderr, "fixedrate: bad arguments\n");
        return 2;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET; addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "fixedrate: HOST must be an IPv4 address\n"); return 2; }

    FILE *f = fopen(argv[3], "r");
    if (!f) die(argv[3]);
    size_t cap = 0; char *line = NULL; ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r')) line[--got] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        sessions = realloc(sessions, (nsessions + 1) * sizeof(session));
        sessions[nsessions].code = strdup(line); sessions[nsessions].cookie = strdup(tab + 1);
        nsessions++;
    }
    fclose(f); free(line);
    if (!nsessions) { fprintf(stderr, "fixedrate: no sessions in %s\n", argv[3]); return 2; }

    worker *ws = calloc((size_t)threads, sizeof(worker));
    conn *cs = calloc((size_t)connections, sizeof(conn));
    for (int i = 0; i < connections; i++) {
        cs[i].fd = -1; cs[i].index = i;
        cs[i].next_session = ((size_t)(i + 1) * 7919) % nsessions; // each connection starts at its own place
    }
    // Thread t drives connections t, t + T, t + 2T, ... (so each thread's schedules stay evenly spread).
    conn *sorted = calloc((size_t)connections, sizeof(conn));
    int at = 0;
    for (int t = 0; t < threads; t++) {
        ws[t].id = t; ws[t].conns = sorted + at;
        for (int i = t; i < connections; i += threads) sorted[at++] = cs[i];
        ws[t].nconns = (int)(sorted + at - ws[t].conns);
    }
    start_ns = now_ns() + 100000000LL; // 100 ms to connect
    end_ns = start_ns + (int64_t)(seconds * 1e9);
    pthread_t *ts = calloc((size_t)threads, sizeof(pthread_t));
    for (int t = 0; t < threads; t++) pthread_create(&ts[t], NULL, run, &ws[t]);
    for (int t = 0; t < threads; t++) pthread_join(ts[t], NULL);

    size_t n = 0; long errors = 0, socket_errors = 0;
    for (int t = 0; t < threads; t++) { n += ws[t].n; errors += ws[t].errors; socket_errors += ws[t].socket_errors; }
    double *slot = malloc((n + 1) * sizeof(double)), *sent = malloc((n + 1) * sizeof(double));
    size_t k = 0;
    for (int t = 0; t < threads; t++) {
        memcpy(slot + k, ws[t].slot_ms, ws[t].n * sizeof(double));
        memcpy(sent + k, ws[t].sent_ms, ws[t].n * sizeof(double));
        k += ws[t].n;
    }
    qsort(slot, n, sizeof(double), cmp); qsort(sent, n, sizeof(double), cmp);
    printf("%zu answers in %.1f s (%.1f/s) at a fixed %.0f/s over %d connections, %d threads; from the slot p50 %.2f ms,"
           " p99 %.2f ms, max %.2f ms; from the sending p50 %.2f ms, p99 %.2f ms; %ld not 200, %ld socket errors\n",
           n, seconds, n / seconds, rate, connections, threads, percentile(slot, n, 50), percentile(slot, n, 99),
           n ? slot[n - 1] : -1, percentile(sent, n, 50), percentile(sent, n, 99), errors, socket_errors);
    printf("RESULT requests=%zu seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%ld socket_errors=%ld"
           " slot_p50_ms=%.2f slot_p99_ms=%.2f\n",
           n, seconds, n / seconds, percentile(sent, n, 50), percentile(sent, n, 99), errors, socket_errors,
           percentile(slot, n, 50), percentile(slot, n, 99));
    return 0;
}
