/*
 * forked_client.c: an interactive TCP echo client with two processes, the classic str_cli with
 * fork: the parent copies stdin to the socket, a child copies the socket to stdout.
 *
 *   gcc -O2 -std=gnu11 -Wall -Wextra -o forked_client forked_client.c
 *   ./forked_client 127.0.0.1 7007
 *
 * Model. After connecting, the parent forks the child that prints the server's replies, and
 * keeps the read end of a pipe whose write end only the child holds. The parent polls stdin and
 * that pipe (seed 002's Part 4, a control channel):
 *   - The server closes: the child reads end of stream and exits, which closes the pipe's write
 *     end; the parent's poll wakes on it (no signal, so nothing to lose), it reaps the child and
 *     exits 0.
 *   - End of input: the parent half-closes the socket (shutdown SHUT_WR) and polls the pipe alone,
 *     for at most DRAIN_MS: the child prints the replies still coming and exits when the server
 *     closes. A server that stays silent gets the child killed. (A bound on the whole drain, simpler
 *     than the threaded client's bound on silence; enough for an echo.)
 *   - SIGINT, SIGTERM: the parent's handler kills the child, then ends the parent. Two processes
 *     means two to end: SIGINT from a terminal reaches both (it goes to the whole process group),
 *     but `kill PID` reaches the parent alone.
 *   - The connection fails: one line on stderr, exit 1.
 *
 * Correct as it stands. The bug sits behind a macro, next to its fix; compiled with it, this file
 * is a client mutant of the kit (`echotck mutants`):
 *   BUG_ORPHAN  no handler for SIGTERM and SIGINT: the default action, right for a single process,
 *               ends the parent only. On `kill PID` the child is left behind, an orphan still
 *               blocked in recv, holding the connection open.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE 16384
#define DRAIN_MS 2000

static volatile pid_t child = -1;

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

#ifndef BUG_ORPHAN
/* Ends the child, then the parent, with the status of the signal. kill and _exit are async-signal-safe. */
static void end_both(int sig) {
    if (child > 0)
        kill(child, SIGTERM);
    _exit(128 + sig);
}
#endif

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *found, *a;
    int rc = getaddrinfo(host, port, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, "forked_client: cannot connect to %s:%s: %s\n", host, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (a = found; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        fprintf(stderr, "forked_client: cannot connect to %s:%s: %s\n", host, port, strerror(err));
    return fd;
}

/* The child: the server's replies to stdout, until the server closes (or the parent ends it). */
static void print_replies(int sock) {
    char buf[BUF_SIZE];
    for (;;) {
        ssize_t n = recv(sock, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || write_all(STDOUT_FILENO, buf, (size_t) n) < 0)
            _exit(0);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int sock = connect_to(argv[1], argv[2]);
    if (sock < 0)
        return 1;
    int child_alive[2];
    if (pipe(child_alive) < 0) {
        perror("forked_client: pipe");
        return 1;
    }
    child = fork();
    if (child < 0) {
        perror("forked_client: fork");
        return 1;
    }
    if (child == 0) {
        close(child_alive[0]); /* keeps the write end: it closes when this process ends */
        print_replies(sock);
    }
    close(child_alive[1]);
#ifndef BUG_ORPHAN
    struct sigaction end = {.sa_handler = end_both};
    sigemptyset(&end.sa_mask);
    sigaction(SIGTERM, &end, NULL);
    sigaction(SIGINT, &end, NULL);
#endif

    struct pollfd fds[2] = {{.fd = child_alive[0], .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
    int input_open = 1, status = 0;
    char buf[BUF_SIZE];
    for (;;) {
        int ready = poll(fds, input_open ? 2 : 1, input_open ? -1 : DRAIN_MS);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0) {          /* the drain bound passed: the server said nothing more */
            fprintf(stderr, "forked_client: the server did not finish within %d ms after the end of input; closing\n",
                    DRAIN_MS);
            kill(child, SIGTERM);
            status = 1;
            break;
        }
        if (fds[0].revents)        /* the child ended: the server closed */
            break;
        if (input_open && fds[1].revents) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {          /* end of input: half-close, and wait for the child to print the rest */
                shutdown(sock, SHUT_WR);
                input_open = 0;
            } else if (write_all(sock, buf, (size_t) n) < 0) {
                input_open = 0;    /* the server is gone; the child sees it too */
            }
        }
    }
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
    close(sock);
    return status;
}
