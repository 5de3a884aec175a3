/*
 * Test fixture for ROB-3: a thread-per-client echo server that is correct except for its accept
 * loop. It installs a SIGCHLD handler without SA_RESTART (the habit of forking servers, which reap
 * their children there), so a SIGCHLD interrupts accept with EINTR, and it treats every accept
 * error as fatal (seed 001: "We must rewrite function to handle EINTR error"). The handler threads
 * block the signals, so it is always accept that is interrupted.
 * Usage: eintr_server PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void reap(int sig) {
    (void) sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

static int write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        buf += w;
        len -= (size_t) w;
    }
    return 0;
}

static void *serve(void *arg) {
    int fd = (int) (intptr_t) arg;
    char buf[16384];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0 || write_all(fd, buf, (size_t) n) < 0) {
            break;
        }
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    struct sigaction action = {.sa_handler = reap, .sa_flags = 0}; /* the first half of the bug: no SA_RESTART */
    sigemptyset(&action.sa_mask);
    sigaction(SIGCHLD, &action, NULL);

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1])),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 512) < 0) {
        perror("bind/listen");
        return 1;
    }
    sigset_t handled, previous;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    sigaddset(&handled, SIGWINCH);
    sigaddset(&handled, SIGURG);
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            perror("accept"); /* the second half of the bug: EINTR is not an error */
            exit(1);
        }
        pthread_t thread;
        pthread_sigmask(SIG_BLOCK, &handled, &previous); /* the handler thread inherits the mask */
        int failed = pthread_create(&thread, NULL, serve, (void *) (intptr_t) fd);
        pthread_sigmask(SIG_SETMASK, &previous, NULL);
        if (failed != 0) {
            close(fd);
            continue;
        }
        pthread_detach(thread);
    }
}
