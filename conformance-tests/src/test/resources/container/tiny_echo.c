/*
 * tiny_echo.c: a small, correct thread-per-client echo server for the kit's container tests.
 * Built with gcc -static, it is the only file of a FROM-scratch image: no libc, shell or init
 * in the image, so it must do everything itself.
 *
 *   gcc -static -O2 -pthread -o tiny_echo tiny_echo.c && ./tiny_echo 7007   (or PORT=7007 ./tiny_echo)
 *
 * It listens on 127.0.0.1 on the port given as argv[1], or in $PORT when there is no argument,
 * so the tests can pass the kit's port either way (--container-cmd "/tiny_echo {port}" or
 * --container-env PORT={port}).
 *
 * Stop (SIGTERM or SIGINT), the kit's shutdown semantics: a signal thread (sigwait, no handler)
 * shuts the listener down so new clients are refused; existing connections run for up to 2 s;
 * then their read sides are shut down (a thread blocked in read gets end of stream, echoes what
 * it has, closes); a client that does not read gets 2 s more; main returns 0.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 16384

static int listenfd = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static bool stopping;
static int connections[MAX_CONNECTIONS];
static int active;

static bool write_all(int fd, const char *buf, ssize_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, (size_t) len);
        if (n < 0) {
            return false;
        }
        buf += n;
        len -= n;
    }
    return true;
}

static void *serve(void *arg) {
    int fd = (int) (long) arg;
    char buf[16384];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 && write_all(fd, buf, n)) {
    }
    pthread_mutex_lock(&lock);
    for (int i = 0; i < active; i++) {
        if (connections[i] == fd) {
            connections[i] = connections[--active];
            break;
        }
    }
    close(fd);
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

static void *await_stop(void *sigs) {
    int sig;
    sigwait((sigset_t *) sigs, &sig);
    pthread_mutex_lock(&lock);
    stopping = true;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    shutdown(listenfd, SHUT_RDWR); /* wakes the accept in main (EINVAL): refused from now on */
    return NULL;
}

/* Waits until no connection is left or `seconds` have passed; called with the lock held. */
static void await_no_connections(int seconds) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += seconds;
    while (active > 0 && pthread_cond_timedwait(&changed, &lock, &deadline) == 0) {
    }
}

static void shutdown_all(int how) {
    for (int i = 0; i < active; i++) {
        shutdown(connections[i], how);
    }
}

int main(int argc, char **argv) {
    const char *port = argc > 1 ? argv[1] : getenv("PORT");
    if (port == NULL) {
        fprintf(stderr, "usage: tiny_echo PORT (or PORT in the environment)\n");
        return 2;
    }
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* every thread inherits the mask: only sigwait sees them */
    signal(SIGPIPE, SIG_IGN);                /* a client that left makes write fail, not kill us */

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(port)),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;
    listenfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listenfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listenfd, 512) < 0) {
        perror("tiny_echo: bind/listen");
        return 1;
    }
    fprintf(stderr, "tiny_echo: listening on 127.0.0.1:%s\n", port);

    pthread_t stopper;
    pthread_create(&stopper, NULL, await_stop, &sigs);
    for (;;) {
        int fd = accept4(listenfd, NULL, NULL, SOCK_CLOEXEC);
        pthread_mutex_lock(&lock);
        if (stopping) {
            if (fd >= 0) {
                close(fd);
            }
            pthread_mutex_unlock(&lock);
            break;
        }
        pthread_t worker;
        if (fd >= 0 && active < MAX_CONNECTIONS
                && pthread_create(&worker, NULL, serve, (void *) (long) fd) == 0) {
            connections[active++] = fd;
            pthread_detach(worker);
        } else if (fd >= 0) {
            close(fd);
        } else {
            pthread_mutex_unlock(&lock);
            usleep(10000); /* EMFILE and friends: back off instead of spinning */
            continue;
        }
        pthread_mutex_unlock(&lock);
    }
    close(listenfd);

    pthread_mutex_lock(&lock);
    await_no_connections(2);   /* the drain period */
    shutdown_all(SHUT_RD);     /* readers wake with end of stream, echo what they have, close */
    await_no_connections(2);
    shutdown_all(SHUT_RDWR);   /* a client that does not read its echo is cut off */
    await_no_connections(1);
    pthread_mutex_unlock(&lock);
    fprintf(stderr, "tiny_echo: stopped\n");
    return 0;
}
