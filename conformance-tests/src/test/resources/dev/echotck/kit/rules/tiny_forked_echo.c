/*
 * A TEST FIXTURE, not a reference server: the smallest forking echo server (seed 001's "one child
 * per client") that lets HygieneRulesTest prove HYG-1, HYG-2 and HYG-6 fail when they should.
 * Java cannot fork, so this is C. Correct as written; each FIXTURE_ macro adds one bug.
 * To be replaced by the shared C mutants (mutants/c/forked_echo.c) once they exist.
 *
 *   gcc -O2 -o tiny_forked_echo tiny_forked_echo.c [-DFIXTURE_NO_REAP | -DFIXTURE_CHILD_NEVER_EXITS
 *                                                   | -DFIXTURE_PARENT_KEEPS_CONNFD]
 *   ./tiny_forked_echo PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void reap_children(int sig) {
    (void) sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        /* one SIGCHLD may stand for several children: reap them all */
    }
    errno = saved;
}

static void echo(int fd) {
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(fd, buf + off, (size_t) (n - off));
            if (w < 0) {
                return;
            }
            off += w;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
#ifndef FIXTURE_NO_REAP
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = reap_children;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
#endif
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
            continue; /* EINTR from SIGCHLD, ECONNABORTED: keep accepting */
        }
        if (fork() == 0) {
            close(listenfd);
            echo(connfd);
            close(connfd);
#ifdef FIXTURE_CHILD_NEVER_EXITS
            for (;;) {
                pause(); /* BUG: waits for a signal that never comes instead of exiting */
            }
#endif
            _exit(0);
        }
#ifndef FIXTURE_PARENT_KEEPS_CONNFD
        close(connfd);
#endif
    }
}
