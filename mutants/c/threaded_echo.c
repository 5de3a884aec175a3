/*
 * threaded_echo.c: a thread-per-client TCP echo server with POSIX threads, the model of seed
 * 000's "Multithreading" section and seed 001's multi-thread server.
 *
 *   gcc -O2 -std=gnu11 -pthread -Wall -Wextra -o threaded_echo threaded_echo.c && ./threaded_echo 7007
 *
 * Model. The main thread accepts; for each connection it starts a detached thread that echoes
 * until the client closes. A third kind of thread waits for SIGTERM/SIGINT with sigwait, so no
 * signal handler runs anywhere: no EINTR to handle, no async-signal-safety to think about.
 *
 * Cost. One thread per connected client: a kernel task and a stack (8 MiB of address space by
 * default, of which only the touched pages cost memory). Threads share the address space, so a
 * thread that crashes takes every client down with it, and shared variables need care (see
 * BUG_FD_HANDOFF_RACE).
 *
 * Stop (SIGTERM or SIGINT), as the kit's shutdown semantics ask:
 *   1. the signal thread shuts the listening socket down: new clients are refused, and accept
 *      in the main thread fails (Linux wakes it with EINVAL), so the main thread cannot miss it;
 *   2. the main thread lets the connections run for DRAIN_SECONDS (less if they all end);
 *   3. then it shuts down the read side of every remaining connection: a thread blocked in read
 *      gets 0 (end of stream), writes back what it has read, closes and ends. A client that does
 *      not read its echo gets FORCE_SECONDS more; then its connection is shut down entirely, so
 *      the blocked write fails;
 *   4. when no connection thread is left, main returns 0: within about 4 s.
 *
 * Correct as it stands. Each classic bug sits behind a macro, next to its fix; compiled with one
 * of them, this file is a mutant of the kit (`echotck mutants`):
 *   BUG_FD_HANDOFF_RACE  the new thread gets &client_fd, the main loop's variable (seed 000's
 *                        first version): when the next accept overwrites it before the thread has
 *                        read it, two threads serve one connection and another is never served.
 *                        The thread reads it 20 ms late, so any two connects within 20 ms lose a
 *                        client, every time (see serve_client).
 *   BUG_SIGPIPE          SIGPIPE is not ignored: a write to a connection the client has closed
 *                        raises SIGPIPE, whose default action kills the whole server. Since the
 *                        write loop stops at the first error, it takes a client that half-closed
 *                        before it left: Linux fails the write with EPIPE (and SIGPIPE) only when
 *                        the reset finds the socket in CLOSE_WAIT; before the FIN, ECONNRESET.
 *   BUG_NO_DETACH        threads are created joinable and never joined (seed 001: "not
 *                        automatically cleaned up ... until another thread calls pthread_join"):
 *                        each finished thread keeps its stack, so the address space grows by
 *                        about 8 MiB per connection, forever.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 16384
#define BACKLOG 512
#define DRAIN_SECONDS 2
#define FORCE_SECONDS 2

static int listenfd = -1;
static atomic_bool stopping;

/* The open connections (so a stop can shut them down) and the number of connection threads
 * still running (so main knows when all are done). Both under `lock`. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t thread_ended;
static int *connections;
static size_t connection_count, connection_capacity;
static int running_threads;

/* Writes all of buf: write may accept only part of it (a short write), or be interrupted. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1; /* EPIPE, ECONNRESET: the client is gone */
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Echoes until end of stream; returns when the client has closed (or vanished). */
static void echo(int fd)
{
    char buf[BUF_SIZE];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0)
            return; /* end of stream, and everything read has been written back */
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return; /* ECONNRESET: this connection is over */
        }
        if (write_all(fd, buf, (size_t)n) < 0)
            return;
    }
}

static bool remember_connection(int fd)
{
    pthread_mutex_lock(&lock);
    if (connection_count == connection_capacity) {
        size_t capacity = connection_capacity ? 2 * connection_capacity : 64;
        int *grown = realloc(connections, capacity * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&lock);
            return false;
        }
        connections = grown;
        connection_capacity = capacity;
    }
    connections[connection_count++] = fd;
    running_threads++;
    pthread_mutex_unlock(&lock);
    return true;
}

#ifdef BUG_FD_HANDOFF_RACE
/* The bug lets two threads serve one fd. Each would close it as its client leaves, and the
 * second close() would hit whatever newer connection had reused the number by then: a client
 * cut off at a moment no check can predict. That is a real consequence of the bug in C, but the
 * mutant keeps only the certain one (a client that no thread serves), so that its verdicts are
 * stable: it counts the threads on each fd, under `lock`, and the last of them closes it. */
static int *threads_on_fd; /* indexed by fd; sized by the fd limit in main */

/* A thread starts serving fd, if fd is still a connection of ours; if not (it was closed, and
 * its number not yet reused), the thread ends without touching it. */
static bool join_connection(int fd)
{
    pthread_mutex_lock(&lock);
    bool listed = false;
    for (size_t i = 0; i < connection_count && !listed; i++)
        listed = connections[i] == fd;
    if (listed) {
        threads_on_fd[fd]++;
    } else {
        running_threads--;
        pthread_cond_signal(&thread_ended);
    }
    pthread_mutex_unlock(&lock);
    return listed;
}
#endif

/* Called by a connection's thread as it ends. The fd leaves the list before it is closed: a
 * stop, which shuts down the listed fds under the same lock, never touches an fd number that
 * was closed and perhaps reused by a newer connection. */
static void forget_connection(int fd)
{
    pthread_mutex_lock(&lock);
    bool last = true;
#ifdef BUG_FD_HANDOFF_RACE
    last = --threads_on_fd[fd] == 0; /* another thread still serves fd: it closes it */
#endif
    if (last) {
        for (size_t i = 0; i < connection_count; i++) {
            if (connections[i] == fd) {
                connections[i] = connections[--connection_count];
                break;
            }
        }
        close(fd);
    }
    running_threads--;
    pthread_cond_signal(&thread_ended);
    pthread_mutex_unlock(&lock);
}

static void *serve_client(void *arg)
{
#ifdef BUG_FD_HANDOFF_RACE
    /* BUG: arg points at the main loop's client_fd. The sleep stands in for what a busy machine
     * does at random (the new thread is not scheduled at once), and makes the verdicts certain:
     * any two connects within 20 ms lose a client, because the main loop has overwritten
     * client_fd before the first one's thread reads it; a client that connects only after the
     * previous one was served always gets a thread. (With a window of 1 ms, whether two connects
     * in a row fall within it would depend on the machine's load.) */
    nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
    int fd = *(int *)arg;
    if (!join_connection(fd))
        return NULL;
#else
    int fd = (int)(intptr_t)arg; /* the fd's value, copied when the thread was created */
#endif
    echo(fd);
    forget_connection(fd);
    return NULL;
}

/* The signal thread: SIGTERM and SIGINT are blocked in every thread and taken here. */
static void *await_stop(void *arg)
{
    int sig;
    sigwait((const sigset_t *)arg, &sig);
    atomic_store(&stopping, true);
    shutdown(listenfd, SHUT_RDWR); /* Linux: the listener stops listening and accept fails */
    return NULL;
}

/* Waits, with `lock` held, until no connection thread runs or `deadline` has passed. */
static void await_threads(const struct timespec *deadline)
{
    while (running_threads > 0 && pthread_cond_timedwait(&thread_ended, &lock, deadline) != ETIMEDOUT)
        ;
}

static void shutdown_connections(int how)
{
    for (size_t i = 0; i < connection_count; i++)
        shutdown(connections[i], how);
}

/* Steps 2 to 4 of the stop (see the header). */
static void drain(void)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    pthread_mutex_lock(&lock);
    deadline.tv_sec += DRAIN_SECONDS;
    await_threads(&deadline); /* transfers in progress complete; idle clients may leave */
    shutdown_connections(SHUT_RD);
    deadline.tv_sec += FORCE_SECONDS;
    await_threads(&deadline); /* each thread writes back what it has read, then closes */
    shutdown_connections(SHUT_RDWR);
    deadline.tv_sec += 1;
    await_threads(&deadline); /* writes blocked on clients that do not read fail now */
    pthread_mutex_unlock(&lock);
}

/* Errors after which accepting again is right (accept(2), "Error handling"). */
static bool can_retry_accept(int err)
{
    switch (err) {
    case EINTR:
    case ECONNABORTED: /* the client left before we accepted it: its problem, not the server's */
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
        return true;
    case EMFILE: /* out of fds or memory: wait for connections to end, without spinning */
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
        return true;
    default:
        return false;
    }
}

static int listen_on(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("socket");
        exit(1);
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on); /* restart while old connections linger in TIME_WAIT */
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, BACKLOG) < 0) {
        perror("bind/listen");
        exit(1);
    }
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    printf("threaded_echo listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv)
{
    char *end;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }

#ifndef BUG_SIGPIPE
    /* A client that closes before reading its echo must cost a failed write (EPIPE), not the
     * process: SIGPIPE's default action is to terminate, and it would end every connection. */
    signal(SIGPIPE, SIG_IGN);
#endif

    /* Block the stop signals before any thread exists: every thread inherits the mask, so only
     * the signal thread's sigwait ever takes them. */
    static sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC); /* deadlines immune to clock changes */
    pthread_cond_init(&thread_ended, &monotonic);

#ifdef BUG_FD_HANDOFF_RACE
    long fd_limit = sysconf(_SC_OPEN_MAX); /* every fd we get is below it */
    threads_on_fd = calloc(fd_limit > 0 ? (size_t)fd_limit : 65536, sizeof *threads_on_fd);
    if (threads_on_fd == NULL) {
        perror("calloc");
        return 1;
    }
#endif
    listenfd = listen_on((int)port);
    pthread_t signal_thread;
    pthread_create(&signal_thread, NULL, await_stop, &stop_signals);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
#ifndef BUG_NO_DETACH
    /* Detached: the thread's stack and descriptor are freed as soon as it ends. A joinable
     * thread keeps them until someone calls pthread_join. */
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
#endif

    int status = 0;
    int client_fd;
    for (;;) {
        client_fd = accept(listenfd, NULL, NULL);
        if (client_fd < 0) {
            if (atomic_load(&stopping))
                break;
            if (can_retry_accept(errno))
                continue;
            perror("accept");
            status = 1;
            break;
        }
        if (!remember_connection(client_fd)) {
            close(client_fd);
            continue;
        }
        pthread_t thread;
#ifdef BUG_FD_HANDOFF_RACE
        int err = pthread_create(&thread, &attr, serve_client, &client_fd); /* BUG: shares client_fd */
#else
        int err = pthread_create(&thread, &attr, serve_client, (void *)(intptr_t)client_fd);
#endif
        if (err != 0) {
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
#ifdef BUG_FD_HANDOFF_RACE
            if (join_connection(client_fd)) /* main stands in for the thread, so the count holds */
#endif
            forget_connection(client_fd); /* the client sees its connection closed; the server goes on */
        }
    }

    drain();
    return status;
}
