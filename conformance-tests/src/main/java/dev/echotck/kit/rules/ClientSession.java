package dev.echotck.kit.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.echotck.kit.check.HexWindow;
import dev.echotck.kit.engine.RuleContext;
import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.engine.Timeouts;
import dev.echotck.kit.net.ScriptedConnection;
import dev.echotck.kit.net.ScriptedServer;
import dev.echotck.kit.target.ClientProcess;
import dev.echotck.kit.target.ClientUnderTest;

/**
 * One CLIENT check's stage: the kit's server playing a script, the client started against it,
 * and the evidence both give. Closing it kills the client (and what it forked) and stops the server.
 */
final class ClientSession implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    private final ClientUnderTest underTest;
    private final ScriptedServer server;
    private final String serverRole;
    private final ClientProcess client;
    private final Timeouts timeouts;
    private final StringBuilder typed = new StringBuilder();
    private ScriptedConnection connection;

    private ClientSession(ClientUnderTest underTest, ScriptedServer server, String serverRole, ClientProcess client,
                          Timeouts timeouts) {
        this.underTest = underTest;
        this.server = server;
        this.serverRole = serverRole;
        this.client = client;
        this.timeouts = timeouts;
    }

    /** Starts the kit's server ({@code serverRole} says what it does, for evidence), then the client against it. */
    static ClientSession start(ClientUnderTest underTest, ScriptedServer.Script script, String serverRole, RuleContext rule) {
        ScriptedServer server;
        try {
            server = ScriptedServer.start(rule.ruleId(), script);
        } catch (IOException e) {
            throw new UncheckedIOException("the kit could not start its own server", e);
        }
        try {
            return new ClientSession(underTest, server, serverRole, underTest.start(server.address()), rule.timeouts());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    ClientProcess client() {
        return client;
    }

    String serverRole() {
        return serverRole;
    }

    /** Types {@code text} into the client's stdin; the kit keeps the text to compare with what comes back. */
    void type(String text) {
        typed.append(text);
        client.type(text);
    }

    String typed() {
        return typed.toString();
    }

    /**
     * The client's connection to the kit's server. The client may connect before or after its
     * first input (which waits in the pipe). A client that exits first, or does not connect within
     * the startup bound, cannot be checked at all: a setup error, as for a server that never listens.
     */
    ScriptedConnection connection() {
        if (connection != null) {
            return connection;
        }
        long deadline = System.nanoTime() + timeouts.startup().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ScriptedConnection> accepted = server.awaitConnection(POLL);
            if (accepted.isPresent()) {
                connection = accepted.get();
                return connection;
            }
            if (!client.isAlive() && server.awaitConnection(POLL).isEmpty()) {
                throw underTest.setupFailed("the client " + exitOf(client) + " before it connected to the kit's "
                        + "server at " + address() + stderrSuffix());
            }
        }
        throw underTest.setupFailed("the client did not connect to the kit's server at " + address() + " within "
                + timeouts.startup().toSeconds() + " s (does it take the address from {host} and {port}?)" + stderrSuffix());
    }

    /**
     * Stdout must become exactly everything typed so far, within {@code bound}: the echo server sends
     * back what it received, so anything else is the client's doing. The evidence tells a client
     * that changed the input before sending it from one that changed, held back or decorated the
     * replies, using what the kit's server received and sent.
     */
    void expectStdoutIsTheEcho(Duration bound, String when) {
        byte[] want = typed().getBytes(StandardCharsets.US_ASCII);
        byte[] got = client.awaitStdout(want.length, bound);
        if (Arrays.equals(want, got)) {
            return;
        }
        ScriptedConnection c = connection();
        byte[] received = c.received();
        byte[] sent = c.sent();
        RuleViolation.Builder violation;
        String cause;
        if (!isPrefix(received, want)) {
            violation = RuleViolation.because("the kit's server received other bytes than were typed, " + when)
                    .evidence(diff("typed", want, "the server received", received));
            cause = received.length < want.length && lineEndingDropped(want, received)
                    ? "your client rebuilds lines instead of forwarding bytes: a \"\\r\\n\" typed was sent as \"\\n\" "
                            + "(readLine/fgets plus println); send the bytes read from stdin as they are"
                    : "your client changes its input before sending it; forward the bytes read from stdin as they are";
        } else if (!isPrefix(got, sent)) {
            violation = RuleViolation.because("stdout holds bytes the server never sent, " + when)
                    .evidence(diff("the server sent", sent, "stdout holds", got));
            cause = "your client adds to the replies (a prompt such as \"> \", a label) or changes them (line endings); "
                    + "write the bytes received to stdout unchanged, and messages to stderr";
        } else if (received.length < want.length) {
            violation = RuleViolation.because("the client sent only " + received.length + " of the " + want.length
                    + " bytes typed within " + describe(bound) + ", " + when);
            cause = "your client holds input back (a buffered reader waiting for more, or a send only after several lines); "
                    + "send what you read as soon as you read it";
        } else {
            violation = RuleViolation.because("the server echoed " + sent.length + " bytes, but stdout holds only "
                    + got.length + " of them after " + describe(bound) + ", " + when);
            cause = "your client does not print every reply as it arrives: stdout is buffered (flush after each write), "
                    + "or it reads the socket once per line sent instead of in a loop of its own";
        }
        clientState().forEach(violation::evidence);
        throw violation.likelyCause(cause).build();
    }

    /** Lines for evidence: whether the client still runs (and its threads) or how it exited, and its stderr. */
    List<String> clientState() {
        List<String> lines = new ArrayList<>();
        if (client.isAlive()) {
            lines.add("the client (pid " + client.pid() + ") is still running; its threads:");
            client.threads().forEach(t -> lines.add("  " + t));
        } else {
            lines.add("the client " + exitOf(client));
        }
        client.typingProblem().ifPresent(lines::add);
        String stderr = client.stderrTail(5);
        if (!stderr.isBlank()) {
            lines.add("its stderr ends with:");
            stderr.lines().forEach(l -> lines.add("  " + l));
        }
        return lines;
    }

    /** Whether a thread of the client is blocked reading a pipe or terminal, i.e. its stdin. */
    boolean blockedOnStdin() {
        return client.threads().stream().anyMatch(t -> t.contains("(stdin)"));
    }

    /** Whether the client is one thread waiting in poll/select: a single event loop over stdin and the socket. */
    boolean onePollLoop() {
        List<String> threads = client.threads();
        return threads.size() == 1 && threads.get(0).contains("in poll/select");
    }

    String address() {
        return server.address().getAddress().getHostAddress() + ":" + server.address().getPort();
    }

    Timeouts timeouts() {
        return timeouts;
    }

    String describe(Duration base) {
        return timeouts.describe(base);
    }

    private String stderrSuffix() {
        String tail = client.stderrTail(5);
        return tail.isBlank() ? "" : "; its stderr ends with: " + tail.replace('\n', ' ').strip();
    }

    /** "exited with status 1", "was killed by SIGTERM (status 143)": to follow "the client". */
    static String exitOf(ClientProcess process) {
        String exit = process.describeExit();
        return exit.startsWith("killed") ? "was " + exit : exit.startsWith("still") ? "is " + exit : exit;
    }

    static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    private static boolean isPrefix(byte[] prefix, byte[] of) {
        return prefix.length <= of.length && Arrays.equals(prefix, 0, prefix.length, of, 0, prefix.length);
    }

    private static boolean lineEndingDropped(byte[] want, byte[] received) {
        int d = Arrays.mismatch(want, received);
        return d >= 0 && d < want.length && want[d] == '\r';
    }

    private static String diff(String expectedName, byte[] expected, String actualName, byte[] actual) {
        int d = Arrays.mismatch(expected, actual);
        int at = d < 0 ? Math.min(expected.length, actual.length) : d;
        return expectedName + ": " + expected.length + " bytes; " + actualName + ": " + actual.length
                + " bytes; first difference at offset " + at + "\n"
                + "  " + pad(expectedName) + HexWindow.around(expected, expected.length, at) + "  " + text(expected, at) + "\n"
                + "  " + pad(actualName) + HexWindow.around(actual, actual.length, at) + "  " + text(actual, at);
    }

    /** The same window as text, escaped: "...a line\\r\\n" (the payloads are ASCII). */
    private static String text(byte[] bytes, int offset) {
        int from = Math.max(0, offset - 8);
        int to = Math.min(bytes.length, offset + 9);
        StringBuilder text = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            char c = (char) (bytes[i] & 0xFF);
            text.append(switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c);
            });
        }
        return text.append(to == bytes.length ? "\" <end>" : "\"").toString();
    }

    private static String pad(String name) {
        return String.format("%-20s ", name);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
