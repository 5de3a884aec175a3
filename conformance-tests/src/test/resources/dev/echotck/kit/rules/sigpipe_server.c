/*
 * Test fixture for ROB-2: a thread-per-client echo server that is correct except that it
 * writes without checking and without ignoring SIGPIPE (seed 001's habit). When a client closes
 * with echo unread, the next write raises SIGPIPE, whose default action kills the whole process.
 * Usage: sigpipe_server PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void *serve(void *arg) {
    int fd = (int) (intptr_t) arg;
    char buf[16384];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        write(fd, buf, (size_t) n); /* the bug: a failed write is ignored, SIGPIPE is not */
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1])),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(listener, 512) < 0) {
        perror("bind/listen");
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) {
            usleep(50000); /* EINTR, ECONNABORTED, EMFILE: try again, without spinning */
            continue;
        }
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, (void *) (intptr_t) fd) != 0) {
            close(fd);
            continue;
        }
        pthread_detach(thread);
    }
}
