package dev.echotck.mutants;

import java.util.List;

/**
 * Mutants written in C, the language of the seeds: each is one of the correct servers in
 * {@code mutants/c/} compiled with one {@code BUG_...} macro. The kit builds them with the machine's
 * gcc on first use. Their kill sets span families, so they have a list of their own.
 */
final class CMutants {

    private static final String FORKED = "forked_echo.c";
    private static final String THREADED = "threaded_echo.c";

    static final List<Mutant> ALL = List.of(
            Mutant.c("c-parent-keeps-connfd", FORKED, "BUG_PARENT_KEEPS_CONNFD", List.of("ECHO-5", "HYG-2"),
                    "Seeds 001 and 004: after fork \"both parent & child have copies of listenfd and connfd ... Parent "
                            + "must close connfd\", because \"connection will not be closed until refcnt(connfd) = 0\". This "
                            + "parent forgets: the child echoes and exits, but the parent's copy keeps every connection "
                            + "open, so a client that half-closes never sees EOF, and the parent leaks one fd per client.",
                    "In the parent, close(connfd) right after fork."),
            Mutant.c("c-no-reap", FORKED, "BUG_NO_REAP", List.of("HYG-1"),
                    "Seed 001: \"Whenever we fork children, we must wait for them to prevent them from becoming zombies\". "
                            + "This server never does: every child that served a client stays a zombie (state Z) until "
                            + "the server exits, and the process table fills up.",
                    "Install a SIGCHLD handler (SA_RESTART) that loops on waitpid(-1, NULL, WNOHANG) until it returns 0."),
            Mutant.c("c-child-never-exits", FORKED, "BUG_CHILD_NEVER_EXITS", List.of("HYG-2", "HYG-6"),
                    "Seed 000's child closes the client socket and then: \"// Child process's job is done. Kill it! "
                            + "exit(0);\". This child closes the socket but then waits forever: "
                            + "the client sees a proper EOF, yet one idle process per client it ever had stays behind.",
                    "End the child with _exit(0) once it has closed the connection."),
            Mutant.c("c-strlen", FORKED, "BUG_STRLEN", List.of("ECHO-1", "ECHO-2", "ECHO-4"),
                    "Seed 001's echo: buff[rcvBytes] = '\\0'; send(connfd, buff, strlen(buff), 0). strlen stops at the "
                            + "first zero byte, so everything from the first 0x00 of each read on is dropped. Typed text "
                            + "never contains one, which is why this survives every telnet test.",
                    "Write back the count read() returned: write_all(connfd, buf, n)."),
            // Caught by a SIGCHLD storm that reaches the children (sent to the process group, as a terminal
            // sends its signals). The seed's own version, a fatal EINTR in the parent's accept, is not a
            // usable mutant: it dies when its first client leaves, which under the kit is the readiness
            // probe, so which check notices first is a race.
            Mutant.c("c-eintr-fatal", FORKED, "BUG_EINTR_FATAL", List.of("ROB-3"),
                    "Seed 001: \"When a process is blocked in a slow system call and the process catches a signal and the "
                            + "signal handler returns, the system call can return an error of EINTR ... We must rewrite "
                            + "function to handle EINTR error\". This server installs its SIGCHLD handler without SA_RESTART "
                            + "and, like seed 001's handler (if (rcvBytes < 0) { perror(...); break; }), ends a connection on "
                            + "any read error: a SIGCHLD that reaches a child cuts its client off. (Seed 000's parent does "
                            + "the same in accept, printf(\"accept() failed\\n\"); return -1;, and dies as soon as its first "
                            + "client leaves.)",
                    "Install handlers with SA_RESTART, and treat EINTR from read, write and accept as \"try again\"."),
            Mutant.c("c-fd-handoff-race", THREADED, "BUG_FD_HANDOFF_RACE", List.of("CONC-1", "CONC-4", "CONC-5"),
                    "Seed 000's first threaded server: pthread_create(&tinfo, &attr, serve_connection, &client_fd). \"Suddenly, "
                            + "in the server's main thread, the accept returns and executes the client_fd = ret and now that "
                            + "thread has lost its socket descriptor forever.\" Under a burst of connections two threads serve "
                            + "one client and another client is never served. (The thread sleeps 20 ms before it reads the "
                            + "fd, standing in for a busy scheduler: any two connects within 20 ms lose a client, every "
                            + "time; a client that connects after the previous one was served always gets a thread. The "
                            + "last thread on an fd closes it, so a second close() never cuts off a newer connection "
                            + "that reused the number: that would strike at random.)",
                    "Pass the fd's value, not the variable's address: (void *)(intptr_t)client_fd, or a malloc'd copy "
                            + "the thread frees."),
            Mutant.c("c-sigpipe", THREADED, "BUG_SIGPIPE", List.of("ROB-2"),
                    "Seed 001 lists \"termination of server process\" among a server's problems. Writing to a connection "
                            + "the client has already closed raises SIGPIPE, whose default action terminates the process: "
                            + "one client that leaves before reading its echo kills the server and every other client's "
                            + "connection with it. (Its write loop stops at the first error, so a client that just closes, "
                            + "whose reset fails the write with ECONNRESET, does not kill it; one that half-closed first "
                            + "does: the reset then finds the socket in CLOSE_WAIT and the write fails with EPIPE.)",
                    "signal(SIGPIPE, SIG_IGN) at start (or send with MSG_NOSIGNAL); a failed write then returns EPIPE."),
            Mutant.c("c-no-detach", THREADED, "BUG_NO_DETACH", List.of("HYG-4"),
                    "Seed 001: \"By default, the new thread is joinable: not automatically cleaned up by GNU/Linux when it "
                            + "terminates ... until another thread calls pthread_join()\". Threads created joinable and never "
                            + "joined keep their stacks: the address space grows by about 8 MiB per connection ever served.",
                    "Create the threads detached (pthread_attr_setdetachstate(..., PTHREAD_CREATE_DETACHED)) or call "
                            + "pthread_detach(pthread_self()) first thing in the thread."));

    private CMutants() {
    }
}
