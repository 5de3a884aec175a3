/*
 * forked_echo.c: a process-per-client TCP echo server, the model of seeds 000, 001 and 004.
 *
 *   gcc -O2 -std=gnu11 -Wall -Wextra -o forked_echo forked_echo.c && ./forked_echo 7007
 *
 * Model. The parent only accepts. For each connection it forks a child that echoes until the
 * client closes, then exits. The parent reaps finished children from a SIGCHLD handler.
 *
 * Cost. One process per connected client: a fork per connection, a kernel task and, once the
 * child writes to its pages, some private memory. In exchange clients are fully isolated: a
 * child that crashes takes down one connection, never the server or another client.
 *
 * Stop (SIGTERM or SIGINT), as the kit's shutdown semantics ask:
 *   1. the parent's handler shuts the listening socket down at once: new clients are refused;
 *   2. the parent passes the stop on to every child; a child keeps serving its client for
 *      DRAIN_SECONDS, so a transfer in progress completes;
 *   3. then the child shuts down the read side of its connection (a read blocked in the kernel
 *      returns 0), echoes what it has read, closes and exits; a client that does not read its
 *      echo gets FORCE_SECONDS more before the child exits anyway;
 *   4. the parent reaps every child and exits 0, within DRAIN_SECONDS + FORCE_SECONDS = 4 s.
 * No wake-up can be lost: the stop is carried by the socket's state, not by a flag tested before
 * a blocking call (see on_stop).
 *
 * Correct as it stands. Each classic bug sits behind a macro, next to its fix; compiled with one
 * of them, this file is a mutant of the kit (`echotck mutants`):
 *   BUG_PARENT_KEEPS_CONNFD  the parent never closes its copy of the connected socket (seeds 001,
 *                            004): the connection outlives the child, so a client that half-closes
 *                            gets its echo but never EOF, and the parent leaks an fd per client.
 *   BUG_NO_REAP              no SIGCHLD handler (seed 001): every finished child stays a zombie.
 *   BUG_CHILD_NEVER_EXITS    after its client's EOF the child closes the socket but never exits:
 *                            one idle process left behind per client.
 *   BUG_STRLEN               echoes strlen(buf) bytes (seed 001's send(connfd, buff, strlen(buff), 0)):
 *                            a read's bytes from its first zero byte on are lost.
 *   BUG_EINTR_FATAL          the SIGCHLD handler is installed without SA_RESTART, and a failed read
 *                            or write ends the connection, EINTR included (seed 001's "if (rcvBytes
 *                            < 0) { perror(...); break; }"): a SIGCHLD that reaches a child (a stray
 *                            `kill -CHLD`, or one sent to the whole process group) interrupts its
 *                            read, and its client is cut off. The parent here retries EINTR in
 *                            accept; had it treated it as fatal too, as seed 000 does ("accept()
 *                            failed"), the SIGCHLD of its own first child would have ended the
 *                            whole server as soon as its first client left (Stevens, UNP 5.9).
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 16384
#define BACKLOG 512
#define DRAIN_SECONDS 2
#define FORCE_SECONDS 2
#define MAX_CHILDREN 65536

/* ---- parent state ------------------------------------------------------------------------ */

static int listenfd = -1;
static volatile sig_atomic_t stop_requested;

/* Live children, so that the parent can pass a stop on to them. Changed only by the main loop
 * with SIGCHLD blocked, or by the SIGCHLD handler: the two never interleave. */
static pid_t children[MAX_CHILDREN];
static volatile sig_atomic_t child_count;

/* ---- child state -------------------------------------------------------------------------- */

static int client_fd = -1;
static volatile sig_atomic_t child_stop_phase; /* 0 serving, 1 draining, 2 read side shut down */

/* Writes all of buf: write may accept only part of it (a short write), or be interrupted. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
#ifndef BUG_EINTR_FATAL
            if (errno == EINTR)
                continue; /* a signal handler ran before anything was written: write again */
#endif
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
    char buf[BUF_SIZE + 1]; /* + 1: room for the terminating zero that BUG_STRLEN writes */
    for (;;) {
        ssize_t n = read(fd, buf, BUF_SIZE);
        if (n == 0)
            return; /* end of stream, and everything read has been written back */
        if (n < 0) {
#ifndef BUG_EINTR_FATAL
            if (errno == EINTR)
                continue; /* a signal handler ran: nothing is wrong with the connection */
#endif
            return; /* ECONNRESET: this connection is over (BUG_EINTR_FATAL: so is a signal) */
        }
#ifdef BUG_STRLEN
        buf[n] = '\0';
        n = (ssize_t)strlen(buf); /* BUG: stops at the first zero byte; binary data is truncated */
#endif
        if (write_all(fd, buf, (size_t)n) < 0)
            return;
    }
}

/* SIGTERM, SIGINT in the parent. shutdown(2) is async-signal-safe, and on Linux shutting down a
 * listening socket stops it listening and wakes a process blocked in accept, which then fails
 * with EINVAL. Unlike a flag tested before accept, this cannot be missed: a stop that arrives
 * just before the parent enters accept makes that accept fail at once. */
static void on_stop(int sig)
{
    (void)sig;
    int saved = errno;
    stop_requested = 1;
    shutdown(listenfd, SHUT_RDWR);
    errno = saved;
}

static void forget_child(pid_t pid)
{
    for (int i = 0; i < child_count; i++) {
        if (children[i] == pid) {
            children[i] = children[child_count - 1];
            child_count--;
            return;
        }
    }
}

/* SIGCHLD: reap every child that has finished. Signals do not queue: one SIGCHLD may stand for
 * several exits, so loop until none is left (seed 001's single waitpid leaves zombies). */
__attribute__((unused)) /* in the BUG_NO_REAP build */
static void on_sigchld(int sig)
{
    (void)sig;
    int saved = errno; /* waitpid may change errno under the interrupted code */
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        forget_child(pid);
    errno = saved;
}

/* SIGTERM, SIGINT in a child (passed on by the parent, or sent to the whole process group). */
static void child_on_stop(int sig)
{
    (void)sig;
    if (child_stop_phase == 0) {
        child_stop_phase = 1;
        alarm(DRAIN_SECONDS); /* keep serving until then: a transfer in progress completes */
    }
}

static void child_on_alarm(int sig)
{
    (void)sig;
    if (child_stop_phase == 1) {
        int saved = errno;
        child_stop_phase = 2;
        shutdown(client_fd, SHUT_RD); /* a blocked read returns 0: echo what was read, then close */
        alarm(FORCE_SECONDS);
        errno = saved;
    } else {
        _exit(0); /* the client does not read its echo: the write would block forever */
    }
}

static void handle(int sig, void (*handler)(int), int flags, const sigset_t *mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sa.sa_mask = *mask;
    if (sigaction(sig, &sa, NULL) < 0) {
        perror("sigaction");
        exit(1);
    }
}

/* The child: serve one client, then exit. Starts with signals blocked (see the main loop). */
static void serve_client(int connfd, const sigset_t *unblocked)
{
    close(listenfd); /* the parent's: a child that kept it would keep the port open after a stop */
    client_fd = connfd;

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGALRM);
    /* SA_RESTART: a read or write interrupted by the stop carries on; the stop acts through
     * the alarm and shutdown(2), not through EINTR. */
    handle(SIGTERM, child_on_stop, SA_RESTART, &stop_signals);
    handle(SIGINT, child_on_stop, SA_RESTART, &stop_signals);
    handle(SIGALRM, child_on_alarm, SA_RESTART, &stop_signals);
    /* The child keeps the parent's SIGCHLD handler: it has no children, so it reaps nothing,
     * and with SA_RESTART a SIGCHLD sent to the child does not disturb its reads. */
    sigprocmask(SIG_SETMASK, unblocked, NULL);

    echo(connfd);
    close(connfd);
#ifdef BUG_CHILD_NEVER_EXITS
    for (;;)
        pause(); /* BUG: the client is gone, but this process stays, idle, until the server stops */
#endif
    _exit(0); /* not exit(): the parent's unflushed stdio buffers must not be flushed twice */
}

/* Errors after which accepting again is right (accept(2), "Error handling"). */
static bool can_retry_accept(int err)
{
    switch (err) {
    case EINTR:        /* a handler ran; happens only without SA_RESTART (BUG_EINTR_FATAL) */
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
    printf("forked_echo listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
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

    /* A client that closes before reading its echo must cost a failed write (EPIPE), not the
     * process: SIGPIPE's default action is to terminate. Children inherit the disposition. */
    signal(SIGPIPE, SIG_IGN);
    listenfd = listen_on((int)port);

    sigset_t guarded, unblocked;
    sigemptyset(&guarded);
    sigaddset(&guarded, SIGCHLD);
    sigaddset(&guarded, SIGTERM);
    sigaddset(&guarded, SIGINT);
    handle(SIGTERM, on_stop, SA_RESTART, &guarded);
    handle(SIGINT, on_stop, SA_RESTART, &guarded);
#ifdef BUG_NO_REAP
    /* BUG: no SIGCHLD handler. SIGCHLD keeps its default action (ignore the signal, keep the
     * child as a zombie until someone waits for it). Explicitly setting SIG_IGN would, unlike
     * the default, have told the kernel to reap the children itself. */
#elif defined(BUG_EINTR_FATAL)
    handle(SIGCHLD, on_sigchld, SA_NOCLDSTOP, &guarded); /* BUG: no SA_RESTART: reads fail with EINTR */
#else
    handle(SIGCHLD, on_sigchld, SA_RESTART | SA_NOCLDSTOP, &guarded);
#endif

    int status = 0;
    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            if (stop_requested)
                break; /* on_stop shut the listener down */
            if (can_retry_accept(errno))
                continue;
            perror("accept");
            status = 1;
            break;
        }

        /* Signals are blocked from fork until the child has its own handlers and the parent has
         * recorded the child: a stop cannot reach the child while it still runs the parent's
         * handler (which would shut down the shared listening socket), nor slip between fork and
         * the record (the child would miss it), and a fast child's SIGCHLD cannot be handled
         * before the child is in the table. */
        sigprocmask(SIG_BLOCK, &guarded, &unblocked);
        pid_t pid = child_count < MAX_CHILDREN ? fork() : -2;
        if (pid == 0)
            serve_client(connfd, &unblocked); /* never returns */
        if (pid > 0)
            children[child_count++] = pid;
        else if (pid == -1)
            perror("fork"); /* the client sees its connection closed; the server goes on */
        sigprocmask(SIG_SETMASK, &unblocked, NULL);
#ifndef BUG_PARENT_KEEPS_CONNFD
        close(connfd); /* the child has its own copy; the connection ends when the child closes it */
#endif
    }

    /* Stop: pass it on to every child, then wait until all have exited. */
    sigprocmask(SIG_BLOCK, &guarded, &unblocked);
    for (int i = 0; i < child_count; i++)
        kill(children[i], SIGTERM);
    sigprocmask(SIG_SETMASK, &unblocked, NULL);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ; /* until ECHILD: no child left, none left a zombie */
    return status;
}
