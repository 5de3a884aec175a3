package dev.echotck.kit.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.echotck.kit.net.ReadResult;
import dev.echotck.kit.rules.TaggedLines.Attribution;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * "Every client gets exactly its own bytes back", judged over many clients at once, with evidence
 * that groups the clients by what happened to them (served, waiting, closed, given someone else's
 * lines) and a likely cause read from the pattern: a first few served and the rest waiting is a
 * server that serves k clients at a time; a scattered few served, or lines arriving at the wrong
 * client, is a connection handed to the wrong thread.
 */
final class OwnBytes {

    private static final int MAX_SINGLE_LINES = 8;

    private record Outcome(Attribution attribution, ReadResult.End end, String failure) {
    }

    private final Map<Integer, Outcome> outcomes = new TreeMap<>();

    synchronized void record(int client, byte[] expected, ReadResult got) {
        outcomes.put(client, new Outcome(TaggedLines.attribute(client, expected, got.bytes()), got.end(), null));
    }

    /** A client that never got as far as reading: it could not connect, or its write failed. */
    synchronized void recordFailure(int client, String what) {
        outcomes.put(client, new Outcome(null, null, what));
    }

    synchronized boolean allOwn() {
        return outcomes.values().stream().allMatch(o -> o.attribution() != null && o.attribution().exact());
    }

    synchronized List<Integer> served() {
        return clients(o -> o.attribution() != null && o.attribution().exact());
    }

    synchronized List<Integer> notServed() {
        return clients(o -> o.attribution() == null || !o.attribution().exact());
    }

    /** Clients that got nothing and whose connection is still open: accepted by the kernel, served by nobody. */
    synchronized List<Integer> waiting() {
        return clients(o -> o.attribution() != null && o.attribution().nothing() && o.end() == ReadResult.End.DEADLINE);
    }

    synchronized boolean crossTalk() {
        return outcomes.values().stream().anyMatch(o -> o.attribution() != null && !o.attribution().strangers().isEmpty());
    }

    /** Evidence lines, grouped: served, waiting, closed, reset, failed, then one line per odd client. */
    synchronized List<String> evidence(String bound) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<String> singles = new ArrayList<>();
        outcomes.forEach((client, o) -> {
            if (o.failure() != null) {
                groups.computeIfAbsent(o.failure(), k -> new ArrayList<>()).add(client);
            } else if (o.attribution().exact()) {
                groups.computeIfAbsent("got exactly their own bytes back", k -> new ArrayList<>()).add(client);
            } else if (o.attribution().nothing()) {
                String how = switch (o.end()) {
                    case DEADLINE -> "got nothing within " + bound + ", connection still open";
                    case EOF -> "got nothing: the server closed the connection (end of stream)";
                    case RESET -> "got nothing: the connection was reset";
                    case COUNT -> "got nothing";
                };
                groups.computeIfAbsent(how, k -> new ArrayList<>()).add(client);
            } else {
                singles.add("client " + client + " received " + o.attribution().text() + " (" + describe(o.end()) + ")");
            }
        });
        List<String> lines = new ArrayList<>();
        groups.forEach((what, clients) -> lines.add(what + ": " + (clients.size() == 1 ? "client " : "clients ")
                + IdRanges.of(clients) + " (" + clients.size() + ")"));
        lines.addAll(singles.subList(0, Math.min(MAX_SINGLE_LINES, singles.size())));
        if (singles.size() > MAX_SINGLE_LINES) {
            lines.add("... and " + (singles.size() - MAX_SINGLE_LINES) + " more clients with wrong bytes");
        }
        return lines;
    }

    /**
     * The likely cause, read from the pattern. {@code inConnectOrder} says whether client numbers
     * are the order the clients connected in (then "the first k were served" means k at a time).
     */
    synchronized String likelyCause(ServerUnderTest server, boolean inConnectOrder) {
        if (server.deathNotice().isPresent()) {
            return "your server crashed while serving several clients at once";
        }
        if (crossTalk()) {
            return "a client received another client's lines: a thread (or handler) is working on the wrong connection. "
                    + "Seed 000's pthread_create(..., &client_fd): the thread reads client_fd after the accept loop has "
                    + "overwritten it with the next connection, or after that descriptor was closed and reused. Give each "
                    + "handler its own copy of the descriptor (pass the value, or a malloc'd int the thread frees)";
        }
        List<Integer> served = served();
        List<Integer> waiting = waiting();
        List<Integer> turnedAway = clients(o -> o.attribution() != null && o.attribution().nothing()
                && (o.end() == ReadResult.End.EOF || o.end() == ReadResult.End.RESET));
        if (!turnedAway.isEmpty()) {
            return "your server closed " + TaggedLines.plural(turnedAway.size(), "connection") + " without echoing "
                    + "anything: a limit on connections that turns extra clients away, or a handler that fails when "
                    + "several clients are connected (an error on one connection closing others)";
        }
        boolean firstServed = inConnectOrder && !served.isEmpty()
                && served.equals(outcomes.keySet().stream().limit(served.size()).toList());
        if (waiting.size() == outcomes.size() - served.size() && firstServed) {
            return served.size() == 1
                    ? "only the first client was served, the others waited: your server serves one client at a time (an "
                            + "iterative accept-then-serve loop; seed 004: while client 1's user is out to lunch, nobody "
                            + "else gets service). Serve each client on its own thread or process, or multiplex with "
                            + "select/poll/epoll"
                    : "exactly the first " + served.size() + " clients were served and the rest waited: your server serves "
                            + served.size() + " clients at a time (a fixed pool of " + served.size() + " threads, or a "
                            + "limit on connections), and each thread stays with its client until it leaves";
        }
        if (!waiting.isEmpty()) {
            return "some connections were accepted but never served, and not the last ones in line: the accepted connection "
                    + "reaches its thread through a variable the next accept overwrites (seed 000's pthread_create(..., "
                    + "&client_fd)), so two threads serve one client and another is lost. Give each handler its own copy";
        }
        return "clients did not get their own bytes back intact while other clients were connected: a buffer or "
                + "connection state is shared between clients";
    }

    private static String describe(ReadResult.End end) {
        return switch (end) {
            case COUNT -> "as many bytes as it sent";
            case EOF -> "then end of stream";
            case RESET -> "then a reset";
            case DEADLINE -> "then nothing more";
        };
    }

    private List<Integer> clients(java.util.function.Predicate<Outcome> which) {
        return outcomes.entrySet().stream().filter(e -> which.test(e.getValue())).map(Map.Entry::getKey).toList();
    }
}
