package dev.echotck.mutants;

import java.util.List;

/**
 * Client mutants: interactive clients with one classic bug each, which the CLIENT family catches
 * ({@code echotck run-client --mutant NAME}). The Java ones are {@link ThreadedClient} with one
 * step replaced; the C ones are {@code mutants/c/threaded_client.c} (seed 002's three threads) or
 * {@code mutants/c/forked_client.c} (a process per direction) compiled with one macro.
 */
final class ClientMutants {

    private static final String THREADED_CLIENT = "threaded_client.c";
    private static final String FORKED_CLIENT = "forked_client.c";

    static final List<Mutant> ALL = List.of(
            Mutant.javaClient("client-line-rewriter", List.of("CLIENT-1"),
                    "Reads stdin with BufferedReader.readLine() and sends line + \"\\n\": the line ending is rebuilt, "
                            + "not forwarded, so a line typed (or piped) with \"\\r\\n\" reaches the server as \"\\n\".",
                    "Forward the bytes read from stdin as they are; an echo client is a byte pipe.",
                    new LineRewritingClient()),
            Mutant.javaClient("client-never-woken", List.of("CLIENT-2"),
                    "Seed 002, Part 2: when the server closes, the output thread ends, \"but the input thread is still "
                            + "blocked in the call to fgets\", and the master joins it. Here the input thread reads "
                            + "System.in, which Thread.interrupt() cannot wake and close() does not wake: the client "
                            + "waits for the user to type something before it notices the server is gone.",
                    "Read stdin through new FileInputStream(FileDescriptor.in).getChannel() and close that channel to "
                            + "wake the input thread: the JDK signals it until it has left its read.",
                    new NeverWokenClient()),
            Mutant.javaClient("client-exits-at-eof", List.of("CLIENT-3"),
                    "At the end of input the client closes the socket and exits, so the replies to the last lines, "
                            + "still on their way, are lost: `client < file` prints only part of the echo, or nothing.",
                    "At the end of input call shutdownOutput() (a half-close) and keep printing replies until the "
                            + "server closes.",
                    new ExitsAtEndOfInputClient()),
            Mutant.javaClient("client-flag-only-signal", List.of("CLIENT-4"),
                    "Seed 002, Part 3 in Java: SIGINT and SIGTERM handlers set a flag that the input and output loops "
                            + "check between reads. Both threads are blocked in a read and never get there, and the "
                            + "handler has replaced the JVM's default action, which would have ended the process: "
                            + "Ctrl-C and kill PID do nothing.",
                    "Install no handler (the default ends the process and the kernel releases the socket), or make "
                            + "the handler wake every blocked thread (close the socket and the stdin channel).",
                    new FlagOnlySignalClient()),
            Mutant.javaClient("client-stack-trace", List.of("CLIENT-5"),
                    "The ConnectException of a refused connection escapes main: the JVM prints a dozen lines of "
                            + "stack trace for what is one line of news (nothing listens there).",
                    "Catch the connection error and print one line: client: cannot connect to HOST:PORT: Connection "
                            + "refused; exit 1.",
                    new StackTraceClient()),
            Mutant.javaClient("client-unbounded-drain", List.of("CLIENT-6"),
                    "After the end of input the master joins the output thread with no bound, which is right for a "
                            + "server that answers and closes, and leaves the client running forever against one that "
                            + "never does.",
                    "Wait for the replies only while they keep coming: after a few seconds of silence close the "
                            + "socket (which wakes the output thread) and exit.",
                    new UnboundedDrainClient()),
            Mutant.cClient("c-client-no-cancel", THREADED_CLIENT, "BUG_NO_CANCEL", List.of("CLIENT-2"),
                    "Seed 002, Part 2, in C: the server closes, the output thread's recv returns 0 and it ends, and "
                            + "the master joins the input thread, which is blocked in read(0): the client exits only "
                            + "when the user types a line or Ctrl-D.",
                    "Cancel the input thread first (read is a cancellation point), then join it: pthread_cancel(input); "
                            + "pthread_join(input, NULL)."),
            Mutant.cClient("c-client-no-join", THREADED_CLIENT, "BUG_NO_JOIN", List.of("CLIENT-3"),
                    "Seed 002's master must join both threads. This one returns from main once the input thread "
                            + "has ended: exit ends the output thread too, and the replies to the last lines are lost.",
                    "At the end of input, join the output thread (with a bound on the server's silence) before "
                            + "returning from main."),
            Mutant.cClient("c-client-wake-race", THREADED_CLIENT, "BUG_WAKE_RACE", List.of("CLIENT-2"),
                    "Seed 002, Part 3: the master sets a flag and sends SIGUSR1 to wake the input thread, whose loop "
                            + "checks the flag and then blocks in read. \"There is always a race condition ... between "
                            + "checking the global state and entering the system call\": a signal that lands there is "
                            + "lost. This mutant holds that window open until the signal has been delivered, so the "
                            + "hang that real code shows once in thousands of runs happens every time.",
                    "Do not wake a thread with a signal and a flag: poll stdin together with a control pipe (Part 4), "
                            + "or cancel and join the thread (Part 5); ppoll/pselect can take the signal atomically."),
            Mutant.cClient("c-client-orphan", FORKED_CLIENT, "BUG_ORPHAN", List.of("CLIENT-4"),
                    "The classic str_cli with fork: the parent copies stdin to the socket, a child copies the socket "
                            + "to stdout. It installs no handler, and the default action of SIGTERM, right for a single "
                            + "process, ends the parent only: after kill PID the child is left behind, an orphan "
                            + "blocked in recv that keeps the connection open.",
                    "Catch SIGTERM and SIGINT in the parent: kill the child, then _exit (both are async-signal-safe)."));

    private ClientMutants() {
    }
}
