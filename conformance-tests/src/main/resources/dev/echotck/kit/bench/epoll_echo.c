/*
 * epoll_echo.c: the bench's baseline, the machine's limit for an echo server. Not a mutant and
 * not teaching material: the smallest server that does nothing but echo, as fast as one epoll
 * loop per core can. `echotck bench --baseline` (or `c-baseline` in --compare) runs it.
 *
 *   gcc -O2 -std=gnu11 -pthread -o epoll_echo epoll_echo.c && ./epoll_echo 7007 [LOOPS]
 *
 * Model: the model of the `selector` reference server, in C. The main thread accepts (blocking)
 * and hands each connection round-robin to one of LOOPS event loops (default: one per core),
 * by adding it to that loop's epoll set (epoll_ctl is thread-safe); from then on only that loop
 * touches it. Every socket the loops use is non-blocking.
 *
 * Each connection has its own 64 KiB buffer and is in one of two states:
 *   - reading (EPOLLIN): read what has arrived, write it straight back;
 *   - writing (EPOLLOUT): a write took only part of it (the client's receive window is full).
 *     The rest waits in the buffer, and the connection is NOT read until it is written:
 *     backpressure, so a client that does not read stops itself through TCP flow control and the
 *     server never holds more than the buffer.
 * End of stream is read only in the reading state, so all of the client's bytes have been
 * written back when the server closes: a half-close gets its echo, then EOF.
 *
 * Stop: SIGTERM or SIGINT end the process (the default action); the kernel closes everything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF_SIZE (64 * 1024)
#define MAX_EVENTS 64
#define READS_PER_EVENT 4 /* then give the loop's other connections a turn */

struct connection {
    int fd;
    size_t pending_from, pending_to; /* buf[pending_from, pending_to) is echo not yet written */
    char buf[BUF_SIZE];
};

struct loop {
    int epfd;
    pthread_t thread;
};

static void drop(struct connection *c)
{
    close(c->fd); /* also removes it from the epoll set: the fd is never duplicated */
    free(c);
}

static int want(int epfd, struct connection *c, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    return epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes buf[from, to). Returns what was written (maybe less: the socket buffer is full), or -1. */
static ssize_t write_some(int fd, const char *buf, size_t len)
{
    for (;;) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }
}

/* Writing state, and the socket is writable: write more of the pending echo. */
static void flush(int epfd, struct connection *c)
{
    ssize_t n = write_some(c->fd, c->buf + c->pending_from, c->pending_to - c->pending_from);
    if (n < 0) {
        drop(c);
        return;
    }
    c->pending_from += (size_t)n;
    if (c->pending_from == c->pending_to) {
        c->pending_from = c->pending_to = 0;
        if (want(epfd, c, EPOLLIN) < 0)
            drop(c);
    }
}

/* Reading state, and the socket is readable: read, echo, repeat while there is more. */
static void echo(int epfd, struct connection *c)
{
    for (int i = 0; i < READS_PER_EVENT; i++) {
        ssize_t got = read(c->fd, c->buf, BUF_SIZE);
        if (got == 0) {
            drop(c); /* end of stream, and nothing is pending */
            return;
        }
        if (got < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                drop(c); /* reset */
            return;
        }
        ssize_t put = write_some(c->fd, c->buf, (size_t)got);
        if (put < 0) {
            drop(c);
            return;
        }
        if (put < got) { /* short write: keep the rest, stop reading until it is out */
            c->pending_from = (size_t)put;
            c->pending_to = (size_t)got;
            if (want(epfd, c, EPOLLOUT) < 0)
                drop(c);
            return;
        }
        if (got < BUF_SIZE)
            return; /* most likely drained: let epoll say when there is more */
    }
}

static void *run_loop(void *arg)
{
    struct loop *loop = arg;
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(loop->epfd, events, MAX_EVENTS, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("epoll_wait");
            exit(1);
        }
        for (int i = 0; i < n; i++) {
            struct connection *c = events[i].data.ptr;
            if (c->pending_to > 0)
                flush(loop->epfd, c); /* EPOLLOUT, or an error the write will report */
            else
                echo(loop->epfd, c);
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PORT [LOOPS]\n", argv[0]);
        return 2;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int loops = argc > 2 ? atoi(argv[2]) : (int)(cores > 0 ? cores : 1);
    if (loops < 1)
        loops = 1;
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])),
                                  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 4096) < 0) {
        perror("bind/listen");
        return 1;
    }

    struct loop *all = calloc((size_t)loops, sizeof *all);
    for (int i = 0; i < loops; i++) {
        all[i].epfd = epoll_create1(EPOLL_CLOEXEC);
        if (all[i].epfd < 0 || pthread_create(&all[i].thread, NULL, run_loop, &all[i]) != 0) {
            perror("epoll_create1/pthread_create");
            return 1;
        }
    }
    printf("epoll_echo listening on 127.0.0.1:%s with %d loops\n", argv[1], loops);
    fflush(stdout);

    for (unsigned next = 0;; next++) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                usleep(10 * 1000); /* out of fds: do not spin */
            continue;                /* EINTR, ECONNABORTED: keep accepting */
        }
        struct connection *c = malloc(sizeof *c);
        if (c == NULL) {
            close(fd);
            continue;
        }
        c->fd = fd;
        c->pending_from = c->pending_to = 0;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(all[next % (unsigned)loops].epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
            drop(c);
    }
}
