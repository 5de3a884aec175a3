/*
 * threaded_client.c: an interactive TCP echo client with seed 002's three threads: a master, an
 * input thread (stdin to the server) and an output thread (the server to stdout).
 *
 *   gcc -O2 -std=gnu11 -pthread -Wall -Wextra -o threaded_client threaded_client.c
 *   ./threaded_client 127.0.0.1 7007
 *
 * Model. The master connects, starts the input and output threads, and waits on a semaphore
 * that whichever of them ends first posts. Then it ends the other one and joins both:
 *   - The output thread ended (the server closed): the input thread is blocked in read(0),
 *     waiting for a user who has nothing left to talk to. The master cancels it: read is a
 *     cancellation point, so the thread ends right there, and pthread_join waits until it has.
 *     That join is what seed 002's Part 5 lacks ("the master thread ... releases resources that
 *     can still be used by the thread that will be cancelled"): here nothing is released before
 *     the join returns. Exit 0.
 *   - The input thread ended (end of input): it has half-closed the socket (shutdown SHUT_WR), so
 *     the server reads end of stream and finishes its replies; the output thread prints them until
 *     the server closes. The master joins it, but not forever: once the server has sent nothing for
 *     DRAIN_SECONDS, it shuts the socket down (shutdown SHUT_RDWR wakes the blocked recv with 0).
 *   - SIGINT, SIGTERM: the default action; the kernel closes the socket.
 *   - The connection fails: one line on stderr, exit 1.
 * No signal handler anywhere, so no EINTR to forget. SIGPIPE is ignored: a write to a server that
 * is gone fails with EPIPE instead of killing the client.
 *
 * Correct as it stands. Each classic bug sits behind a macro, next to its fix; compiled with one
 * of them, this file is a client mutant of the kit (`echotck mutants`):
 *   BUG_NO_CANCEL  the master joins the input thread without cancelling it: after the server
 *                  closed, the client waits until the user types a line or Ctrl-D.
 *   BUG_NO_JOIN    at the end of input the master returns from main without joining the output
 *                  thread: exit ends that thread, and the replies still coming are lost.
 *   BUG_WAKE_RACE  seed 002's Part 3 instead of cancellation: the master sets a flag and sends
 *                  SIGUSR1 to the input thread, whose loop checks the flag, then blocks in read. A
 *                  signal that arrives between the check and the read is lost and the thread
 *                  blocks for good. In real code that window is a few instructions wide and the
 *                  client hangs once in many thousand runs; this mutant holds it open until the
 *                  signal has been delivered, so it hangs every time the server closes on an idle
 *                  client (see hold_window_open).
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 16384
#define DRAIN_SECONDS 2

enum side { NONE, INPUT, OUTPUT };

static int sock = -1;
static sem_t one_ended;                    /* posted by each thread as it ends */
static atomic_int first_ended = NONE;      /* which one posted first */
static atomic_llong last_heard_ns;         /* the last byte from the server, or the end of input */

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void ended(int side) {
    int none = NONE;
    atomic_compare_exchange_strong(&first_ended, &none, side);
    sem_post(&one_ended);
}

static int write_all(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        buf += w;
        n -= (size_t) w;
    }
    return 0;
}

#ifdef BUG_WAKE_RACE
static volatile sig_atomic_t stop_input;     /* set by the master before it signals */
static volatile sig_atomic_t wake_delivered; /* set by the handler: the wake-up has come and gone */
static atomic_int in_window;                 /* the input thread has checked the flag and not yet read */

static void on_wake(int sig) {
    (void) sig;
    wake_delivered = 1;
}

/* The race made certain: wait here, between the flag check and the read, until the wake-up
   signal has been delivered, or until input is waiting (so that typing still works). */
static void hold_window_open(void) {
    struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
    atomic_store(&in_window, 1);
    while (!wake_delivered && poll(&in, 1, 10) == 0) {
    }
    atomic_store(&in_window, 0);
}

/* The other side of the window: the master signals only once the input thread is inside it. On a
   busy machine the input thread, just back from sending the typed line, may not have reached its
   flag check yet when the server's close arrives; it would then see the flag already set and end
   cleanly, and the mutant would hang only sometimes. Waits at most 2 s. */
static void await_window(void) {
    for (int i = 0; i < 2000 && !atomic_load(&in_window); i++) {
        struct timespec ms = {.tv_sec = 0, .tv_nsec = 1000000};
        nanosleep(&ms, NULL);
    }
}
#endif

static void *input_main(void *arg) {
    (void) arg;
    char buf[BUF_SIZE];
    for (;;) {
#ifdef BUG_WAKE_RACE
        if (stop_input)        /* check the flag ... */
            break;
        hold_window_open();    /* ... (the window) ... */
#endif
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf); /* ... and block: a cancellation point */
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;             /* end of input (or a terminal that hung up) */
        if (write_all(sock, buf, (size_t) n) < 0) {
            ended(INPUT);      /* the server is gone; the output thread sees it too */
            return NULL;
        }
    }
    atomic_store(&last_heard_ns, now_ns());
    shutdown(sock, SHUT_WR);   /* half-close: the server reads end of stream and finishes its replies */
    ended(INPUT);
    return NULL;
}

static void *output_main(void *arg) {
    (void) arg;
    char buf[BUF_SIZE];
    for (;;) {
        ssize_t n = recv(sock, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;             /* end of stream, a reset, or the master's shutdown */
        atomic_store(&last_heard_ns, now_ns());
        if (write_all(STDOUT_FILENO, buf, (size_t) n) < 0)
            break;
    }
    ended(OUTPUT);
    return NULL;
}

/* After the end of input: wait for the output thread, until the server has been silent for DRAIN_SECONDS. */
static int await_replies(void) {
    for (;;) {
        long long left = atomic_load(&last_heard_ns) + DRAIN_SECONDS * 1000000000LL - now_ns();
        if (left <= 0) {
            fprintf(stderr, "threaded_client: the server sent nothing for %d s after the end of input; closing\n",
                    DRAIN_SECONDS);
            shutdown(sock, SHUT_RDWR); /* wakes the output thread's recv with 0 */
            return 1;
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until); /* sem_timedwait's clock */
        long long ns = until.tv_nsec + left;
        until.tv_sec += ns / 1000000000LL;
        until.tv_nsec = ns % 1000000000LL;
        if (sem_timedwait(&one_ended, &until) == 0)
            return 0;          /* the output thread ended: the server closed */
    }
}

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *found, *a;
    int rc = getaddrinfo(host, port, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, "threaded_client: cannot connect to %s:%s: %s\n", host, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (a = found; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        fprintf(stderr, "threaded_client: cannot connect to %s:%s: %s\n", host, port, strerror(err));
    return fd;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    sock = connect_to(argv[1], argv[2]);
    if (sock < 0)
        return 1;
    sem_init(&one_ended, 0, 0);
#ifdef BUG_WAKE_RACE
    struct sigaction wake = {.sa_handler = on_wake}; /* no SA_RESTART: a blocked read returns EINTR */
    sigemptyset(&wake.sa_mask);
    sigaction(SIGUSR1, &wake, NULL);
#endif
    pthread_t input, output;
    pthread_create(&input, NULL, input_main, NULL);
    pthread_create(&output, NULL, output_main, NULL);

    while (sem_wait(&one_ended) < 0 && errno == EINTR) {
    }
    int status = 0;
    if (atomic_load(&first_ended) == OUTPUT) {
        /* The server closed: get the input thread out of read(0). */
#if defined(BUG_WAKE_RACE)
        await_window();
        stop_input = 1;
        pthread_kill(input, SIGUSR1);
#elif !defined(BUG_NO_CANCEL)
        pthread_cancel(input);
#endif
        pthread_join(input, NULL);
        pthread_join(output, NULL);
    } else {
#ifdef BUG_NO_JOIN
        return 0;              /* exit ends the output thread: the replies still coming are lost */
#endif
        status = await_replies();
        pthread_join(input, NULL);
        pthread_join(output, NULL);
    }
    close(sock);
    return status;
}
