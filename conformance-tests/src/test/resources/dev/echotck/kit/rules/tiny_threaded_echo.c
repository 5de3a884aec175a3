/*
 * A TEST FIXTURE, not a reference server: the smallest thread-per-client echo server (seed 001's
 * "multi-thread TCP echo server") that lets HygieneRulesTest prove HYG-4 sees joinable threads
 * that are never joined. Correct as written; FIXTURE_NO_DETACH removes the pthread_detach, so each
 * finished thread keeps its 8 MiB stack mapped (it no longer counts as a thread: HYG-3 passes).
 *
 *   gcc -O2 -pthread -o tiny_threaded_echo tiny_threaded_echo.c [-DFIXTURE_NO_DETACH]
 *   ./tiny_threaded_echo PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *serve(void *arg) {
    int fd = (int) (intptr_t) arg;
#ifndef FIXTURE_NO_DETACH
    pthread_detach(pthread_self());
#endif
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(fd, buf + off, (size_t) (n - off));
            if (w < 0) {
                close(fd);
                return NULL;
            }
            off += w;
        }
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int listenfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short) atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listenfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listenfd, 128) < 0) {
        return 1;
    }
    for (;;) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) {
            continue;
        }
        pthread_t tid;
        if (pthread_create(&tid, NULL, serve, (void *) (intptr_t) connfd) != 0) {
            close(connfd);
        }
    }
}
