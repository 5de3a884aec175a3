/*
 * bench_load.c: the bench's load generator in C, to check that the kit's own (Java) generator is
 * not what limits a measurement: `echotck bench --generator c` runs it where the kit's would run.
 *
 *   gcc -O2 -std=gnu11 -pthread -o bench_load bench_load.c
 *   ./bench_load HOST PORT pingpong|stream CONNECTIONS SIZE WARMUP_MS DURATION_MS THREADS SETUP_MS
 *
 * It does what the kit's NIO generator does, the same way: CONNECTIONS connections spread over
 * THREADS epoll loops, non-blocking sockets with TCP_NODELAY, and every echoed byte compared with
 * what was sent (the same kind of pattern: 64 KiB of pseudo-random bytes, each connection at its
 * own offset). pingpong: each connection sends SIZE bytes and waits for all of them to come back
 * before it sends the next message. stream: each connection writes SIZE-byte chunks whenever it
 * can and reads whenever it can.
 *
 * The warmup starts once every connection has had its first echo (at most SETUP_MS; setup_ns says
 * how long it took, setup_complete whether they all did). Output on stdout, one line each: "measuring" when the warmup ends, "done" when the measured
 * window ends (the kit samples CPU between the two; after "done" the connections stay open until
 * SIGUSR1, so that the kit can sample the server with all of them), then
 *   result ops=N bytes=N window_ns=N connections=N failed=N stalled=N p50_ns=N p90_ns=N p99_ns=N
 *          p999_ns=N p9999_ns=N max_ns=N setup_ns=N setup_complete=0|1 min_conn=N
 * (min_conn: what the slowest live connection completed in the window: round trips, or bytes in
 * stream mode) and "error ..." lines for connections that got wrong bytes or lost their connection.
 * Latency percentiles have 1 us resolution up to 100 ms (above that, only the max is exact).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PATTERN_LEN 65536
#define READ_SIZE 65536
#define HIST_BUCKETS 100000 /* 1 us each: up to 100 ms */
#define ROUNDS_PER_EVENT 4

enum { WARMUP, MEASURE, STOP };
static atomic_int phase = WARMUP;
static atomic_int first_echoes; /* connections that have had their first echo (or failed): the warmup waits for all */
static unsigned char pattern[2 * PATTERN_LEN]; /* doubled: any window of up to PATTERN_LEN bytes is contiguous */
static int stream_mode;
static size_t size;

struct conn {
    int fd, id, failed, writing, echoed;
    uint64_t base, sent, received, msg_end, t0, in_window;
    unsigned char rbuf[READ_SIZE];
};

struct worker {
    pthread_t thread;
    int epfd;
    struct conn **conns;
    int count;
    uint64_t ops, bytes, max_ns;
    uint32_t *hist;
    char error[256];
};

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void arrived(struct conn *c)
{
    if (!c->echoed) {
        c->echoed = 1;
        atomic_fetch_add(&first_echoes, 1);
    }
}

static void fail(struct worker *w, struct conn *c, const char *what)
{
    arrived(c);
    if (!c->failed && w->error[0] == 0)
        snprintf(w->error, sizeof w->error, "connection %d: %s after %llu bytes echoed", c->id, what,
                 (unsigned long long)c->received);
    c->failed = 1;
    epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
}

static void interest(struct worker *w, struct conn *c, int writing)
{
    if (c->writing == writing)
        return;
    /* While a message is being written, read too: a server with backpressure stops reading while
     * its echo is not read, and a generator that only wrote would wait forever for a large message. */
    struct epoll_event ev = {.events = writing ? EPOLLIN | EPOLLOUT : EPOLLIN, .data.ptr = c};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->writing = writing;
}

/* Writes the connection's stream up to `until`; returns 0 when all is written, 1 when the socket is full, -1 on error. */
static int write_until(struct worker *w, struct conn *c, uint64_t until)
{
    while (c->sent < until) {
        size_t off = (size_t)((c->base + c->sent) % PATTERN_LEN);
        size_t len = until - c->sent < PATTERN_LEN ? (size_t)(until - c->sent) : PATTERN_LEN;
        ssize_t n = send(c->fd, pattern + off, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 1;
            fail(w, c, strerror(errno));
            return -1;
        }
        c->sent += (uint64_t)n;
    }
    return 0;
}

static void start_message(struct worker *w, struct conn *c)
{
    c->t0 = now_ns();
    c->msg_end = c->sent + size;
    int r = write_until(w, c, c->msg_end);
    if (r >= 0)
        interest(w, c, r == 1);
}

static void message_done(struct worker *w, struct conn *c)
{
    uint64_t t = now_ns();
    arrived(c);
    if (atomic_load_explicit(&phase, memory_order_relaxed) == MEASURE) {
        uint64_t ns = t - c->t0;
        w->ops++;
        c->in_window++;
        w->hist[ns / 1000 < HIST_BUCKETS ? ns / 1000 : HIST_BUCKETS - 1]++;
        if (ns > w->max_ns)
            w->max_ns = ns;
    }
    start_message(w, c);
}

/* Reads what has arrived and checks it against what was sent; returns -1 once the connection failed. */
static int read_and_check(struct worker *w, struct conn *c)
{
    for (int round = 0; round < ROUNDS_PER_EVENT; round++) {
        ssize_t n = read(c->fd, c->rbuf, READ_SIZE);
        if (n == 0) {
            fail(w, c, "the server closed the connection");
            return -1;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            fail(w, c, strerror(errno));
            return -1;
        }
        if (c->received + (uint64_t)n > c->sent) {
            fail(w, c, "more bytes came back than were sent");
            return -1;
        }
        size_t off = (size_t)((c->base + c->received) % PATTERN_LEN);
        if (memcmp(c->rbuf, pattern + off, (size_t)n) != 0) {
            size_t at = 0;
            while (c->rbuf[at] == pattern[off + at])
                at++;
            char what[96];
            snprintf(what, sizeof what, "wrong byte at offset %llu (0x%02x, expected 0x%02x)",
                     (unsigned long long)(c->received + at), c->rbuf[at], pattern[off + at]);
            fail(w, c, what);
            return -1;
        }
        c->received += (uint64_t)n;
        if (stream_mode) {
            arrived(c);
            if (atomic_load_explicit(&phase, memory_order_relaxed) == MEASURE) {
                w->bytes += (uint64_t)n;
                c->in_window += (uint64_t)n;
            }
        } else {
            if (c->received == c->msg_end) {
                message_done(w, c);
                if (c->failed)
                    return -1;
            }
        }
        if (n < READ_SIZE)
            return 0;
    }
    return 0;
}

static void *run_worker(void *arg)
{
    struct worker *w = arg;
    struct epoll_event events[64];
    for (int i = 0; i < w->count; i++) {
        struct conn *c = w->conns[i];
        struct epoll_event ev = {.events = stream_mode ? EPOLLIN | EPOLLOUT : EPOLLIN, .data.ptr = c};
        epoll_ctl(w->epfd, EPOLL_CTL_ADD, c->fd, &ev);
        if (!stream_mode)
            start_message(w, c);
    }
    while (atomic_load(&phase) != STOP) {
        int n = epoll_wait(w->epfd, events, 64, 50);
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->failed)
                continue;
            if (stream_mode) {
                if ((events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && read_and_check(w, c) < 0)
                    continue;
                if (events[i].events & EPOLLOUT)
                    for (int round = 0; round < ROUNDS_PER_EVENT && write_until(w, c, c->sent + size) == 0; round++)
                        ;
            } else {
                if ((events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && read_and_check(w, c) < 0)
                    continue;
                if ((events[i].events & EPOLLOUT) && c->sent < c->msg_end) {
                    int r = write_until(w, c, c->msg_end);
                    if (r >= 0)
                        interest(w, c, r == 1);
                }
            }
        }
    }
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

static uint64_t percentile(const uint32_t *hist, uint64_t total, double p, uint64_t max_ns)
{
    if (total == 0)
        return 0;
    uint64_t rank = (uint64_t)(p * (double)total + 0.5), seen = 0;
    if (rank < 1)
        rank = 1;
    for (int b = 0; b < HIST_BUCKETS - 1; b++) {
        seen += hist[b];
        if (seen >= rank)
            return ((uint64_t)b * 1000 + 1000) < max_ns ? (uint64_t)b * 1000 + 1000 : max_ns;
    }
    return max_ns;
}

int main(int argc, char **argv)
{
    if (argc != 10) {
        fprintf(stderr, "usage: %s HOST PORT pingpong|stream CONNECTIONS SIZE WARMUP_MS DURATION_MS THREADS SETUP_MS\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    sigset_t go_on; /* SIGUSR1 from the kit: it has sampled the window, the connections may close */
    sigemptyset(&go_on);
    sigaddset(&go_on, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &go_on, NULL); /* before any thread starts, so none takes it */
    stream_mode = strcmp(argv[3], "stream") == 0;
    if (!stream_mode && strcmp(argv[3], "pingpong") != 0) {
        fprintf(stderr, "mode must be pingpong or stream\n");
        return 2;
    }
    int connections = atoi(argv[4]), threads = atoi(argv[8]);
    size = (size_t)atol(argv[5]);
    long warmup = atol(argv[6]), duration = atol(argv[7]), setup_ms = atol(argv[9]);
    if (connections < 1 || threads < 1 || size < 1) {
        fprintf(stderr, "connections, size and threads must be positive\n");
        return 2;
    }
    if (threads > connections)
        threads = connections;

    uint64_t x = 0x9E3779B97F4A7C15ull; /* xorshift64: any fixed pseudo-random bytes will do */
    for (int i = 0; i < PATTERN_LEN; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        pattern[i] = pattern[PATTERN_LEN + i] = (unsigned char)(x >> 32);
    }

    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) {
        fprintf(stderr, "HOST must be an IPv4 address\n");
        return 2;
    }
    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    for (int t = 0; t < threads; t++) {
        workers[t].epfd = epoll_create1(EPOLL_CLOEXEC);
        workers[t].conns = calloc((size_t)connections, sizeof(struct conn *));
        workers[t].hist = calloc(HIST_BUCKETS, sizeof(uint32_t));
    }
    uint64_t setup_start = now_ns();
    for (int i = 0; i < connections; i++) {
        struct conn *c = calloc(1, sizeof *c);
        c->id = i;
        c->base = (uint64_t)i * 4099u;
        c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (connect(c->fd, (struct sockaddr *)&address, sizeof address) < 0) {
            printf("error connection %d: connect: %s\n", i, strerror(errno));
            return 1;
        }
        int on = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
        struct worker *w = &workers[i % threads];
        w->conns[w->count++] = c;
    }
    for (int t = 0; t < threads; t++)
        pthread_create(&workers[t].thread, NULL, run_worker, &workers[t]);

    /* Steady state is measured: first every connection gets its first echo (a forking server starts its children). */
    uint64_t setup_deadline = setup_start + (uint64_t)setup_ms * 1000000u;
    while (atomic_load(&first_echoes) < connections && now_ns() < setup_deadline)
        sleep_ms(1);
    uint64_t setup = now_ns() - setup_start;
    int setup_complete = atomic_load(&first_echoes) >= connections;
    sleep_ms(warmup);
    uint64_t start = now_ns();
    atomic_store(&phase, MEASURE);
    printf("measuring\n");
    fflush(stdout);
    sleep_ms(duration);
    atomic_store(&phase, STOP);
    uint64_t window = now_ns() - start;
    printf("done\n");
    fflush(stdout);
    /* Keep every connection open until the kit has sampled the server with all of them (a forking
     * server's children exit as soon as their client closes); at most 30 s. */
    struct timespec linger = {.tv_sec = 30};
    sigtimedwait(&go_on, NULL, &linger);
    for (int t = 0; t < threads; t++)
        pthread_join(workers[t].thread, NULL);

    uint64_t ops = 0, bytes = 0, max_ns = 0, min_conn = UINT64_MAX;
    int failed = 0, stalled = 0;
    uint32_t *hist = calloc(HIST_BUCKETS, sizeof(uint32_t));
    for (int t = 0; t < threads; t++) {
        struct worker *w = &workers[t];
        ops += w->ops;
        bytes += w->bytes;
        if (w->max_ns > max_ns)
            max_ns = w->max_ns;
        for (int b = 0; b < HIST_BUCKETS; b++)
            hist[b] += w->hist[b];
        for (int i = 0; i < w->count; i++) {
            failed += w->conns[i]->failed;
            stalled += !w->conns[i]->failed && w->conns[i]->in_window == 0;
            if (!w->conns[i]->failed && w->conns[i]->in_window < min_conn)
                min_conn = w->conns[i]->in_window;
        }
        if (w->error[0])
            printf("error %s\n", w->error);
    }
    if (stream_mode)
        ops = bytes / size;
    else
        bytes = ops * size;
    printf("result ops=%llu bytes=%llu window_ns=%llu connections=%d failed=%d stalled=%d p50_ns=%llu p90_ns=%llu "
           "p99_ns=%llu p999_ns=%llu p9999_ns=%llu max_ns=%llu setup_ns=%llu setup_complete=%d min_conn=%llu\n",
           (unsigned long long)ops, (unsigned long long)bytes, (unsigned long long)window, connections, failed, stalled,
           (unsigned long long)percentile(hist, stream_mode ? 0 : ops, 0.50, max_ns),
           (unsigned long long)percentile(hist, stream_mode ? 0 : ops, 0.90, max_ns),
           (unsigned long long)percentile(hist, stream_mode ? 0 : ops, 0.99, max_ns),
           (unsigned long long)percentile(hist, stream_mode ? 0 : ops, 0.999, max_ns),
           (unsigned long long)percentile(hist, stream_mode ? 0 : ops, 0.9999, max_ns),
           (unsigned long long)(stream_mode ? 0 : max_ns), (unsigned long long)setup, setup_complete,
           (unsigned long long)(min_conn == UINT64_MAX ? 0 : min_conn));
    return 0;
}
