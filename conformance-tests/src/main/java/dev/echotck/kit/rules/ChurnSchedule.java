package dev.echotck.kit.rules;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A CONC-4 case: the lives of a few clients, interleaved into one sequence of steps that one
 * driver thread performs in order. Each client connects, writes one or more batches of lines that
 * name it, and then either half-closes and reads its echo (a reader) or closes without reading (a
 * leaver, who only stirs the server's connection table). Clients are numbered in the order they
 * connect, so the evidence reads in time order.
 *
 * @param run   a tag in every line, so bytes from an earlier trial cannot pass for this one's
 * @param steps the schedule
 */
record ChurnSchedule(int run, List<Step> steps) {

    static final int MAX_CLIENTS = 12;
    private static final int MAX_STEPS_SHOWN = 40;

    enum Kind { CONNECT, WRITE, HALF_CLOSE, LEAVE, PAUSE }

    /** One step; {@code write} numbers a client's writes (1, 2, ...) and {@code lines} is that write's size. */
    record Step(int client, Kind kind, int write, int lines) {

        @Override
        public String toString() {
            return switch (kind) {
                case CONNECT -> "c" + client + " connects";
                case WRITE -> "c" + client + " writes " + TaggedLines.plural(lines, "line");
                case HALF_CLOSE -> "c" + client + " half-closes";
                case LEAVE -> "c" + client + " closes without reading";
                case PAUSE -> "pause 1 ms";
            };
        }
    }

    static ChurnSchedule generate(SplittableRandom random) {
        int clients = 2 + random.nextInt(MAX_CLIENTS - 1);
        List<Deque<Step>> lives = new ArrayList<>();
        for (int c = 1; c <= clients; c++) {
            Deque<Step> life = new ArrayDeque<>();
            life.add(new Step(c, Kind.CONNECT, 0, 0));
            int writes = 1 + random.nextInt(4);
            for (int w = 1; w <= writes; w++) {
                life.add(new Step(c, Kind.WRITE, w, 1 + random.nextInt(3)));
            }
            boolean leaves = c > 2 && random.nextInt(5) == 0; // at least two readers in every schedule
            life.add(new Step(c, leaves ? Kind.LEAVE : Kind.HALF_CLOSE, 0, 0));
            lives.add(life);
        }
        List<Step> steps = new ArrayList<>();
        List<Deque<Step>> pending = new ArrayList<>(lives);
        while (!pending.isEmpty()) {
            Deque<Step> life = pending.get(random.nextInt(pending.size()));
            steps.add(life.poll());
            if (life.isEmpty()) {
                pending.remove(life);
            }
            if (random.nextInt(10) == 0) {
                steps.add(new Step(0, Kind.PAUSE, 0, 0));
            }
        }
        return new ChurnSchedule(random.nextInt(), steps).renumbered();
    }

    /** Clients in the order they connect. */
    List<Integer> clients() {
        return steps.stream().filter(s -> s.kind() == Kind.CONNECT).map(Step::client).toList();
    }

    /** Whether this client reads its echo (it half-closes) rather than leaving without reading. */
    boolean reads(int client) {
        return steps.stream().anyMatch(s -> s.client() == client && s.kind() == Kind.HALF_CLOSE);
    }

    byte[] bytesOf(Step write) {
        return TaggedLines.of(write.client(), write.write(), write.lines(), run);
    }

    /** Everything this client writes, in order: what it must get back. */
    byte[] expected(int client) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        steps.stream().filter(s -> s.client() == client && s.kind() == Kind.WRITE).forEach(s -> out.writeBytes(bytesOf(s)));
        return out.toByteArray();
    }

    /**
     * Smaller schedules, most promising first: half the clients, one client fewer, no pauses, one
     * write per client, one-line writes; then one write fewer, or one write of one line.
     */
    Stream<ChurnSchedule> shrink() {
        List<ChurnSchedule> smaller = new ArrayList<>();
        List<Integer> clients = clients();
        if (clients.size() >= 4) {
            smaller.add(keepClients(Set.copyOf(clients.subList(0, clients.size() / 2))));
            smaller.add(keepClients(Set.copyOf(clients.subList(clients.size() / 2, clients.size()))));
        }
        if (clients.size() > 1) {
            for (int c : clients) {
                smaller.add(keepClients(clients.stream().filter(x -> x != c).collect(Collectors.toSet())));
            }
        }
        if (steps.stream().anyMatch(s -> s.kind() == Kind.PAUSE)) {
            smaller.add(without(steps.stream().filter(s -> s.kind() == Kind.PAUSE).toList()));
        }
        // in bulk first (each failing candidate costs a whole trial), then one step at a time
        List<Step> laterWrites = steps.stream().filter(s -> s.kind() == Kind.WRITE && s.write() > firstWrite(s.client()))
                .toList();
        if (!laterWrites.isEmpty()) {
            smaller.add(without(laterWrites));
        }
        if (steps.stream().filter(s -> s.kind() == Kind.WRITE && s.lines() > 1).count() > 1) {
            smaller.add(new ChurnSchedule(run, steps.stream()
                    .map(s -> s.kind() == Kind.WRITE ? new Step(s.client(), Kind.WRITE, s.write(), 1) : s).toList()));
        }
        for (Step s : steps) {
            boolean notItsOnlyWrite = s.kind() == Kind.WRITE && steps.stream()
                    .anyMatch(o -> o.client() == s.client() && o.kind() == Kind.WRITE && o != s);
            if (notItsOnlyWrite) {
                smaller.add(without(List.of(s)));
            }
        }
        for (Step s : steps) {
            if (s.kind() == Kind.WRITE && s.lines() > 1) {
                smaller.add(replaced(s, new Step(s.client(), Kind.WRITE, s.write(), 1)));
            }
        }
        return smaller.stream();
    }

    private int firstWrite(int client) {
        return steps.stream().filter(s -> s.client() == client && s.kind() == Kind.WRITE).mapToInt(Step::write).min()
                .orElse(0);
    }

    private ChurnSchedule keepClients(Set<Integer> keep) {
        return new ChurnSchedule(run, steps.stream().filter(s -> s.kind() == Kind.PAUSE || keep.contains(s.client()))
                .toList()).renumbered();
    }

    private ChurnSchedule without(List<Step> drop) {
        List<Step> kept = new ArrayList<>(steps);
        drop.forEach(d -> kept.removeIf(s -> s == d));
        return new ChurnSchedule(run, kept);
    }

    private ChurnSchedule replaced(Step old, Step by) {
        return new ChurnSchedule(run, steps.stream().map(s -> s == old ? by : s).toList());
    }

    /** Numbers clients 1, 2, ... in connect order; drops leading and doubled pauses. */
    private ChurnSchedule renumbered() {
        Map<Integer, Integer> number = new HashMap<>();
        Set<Integer> order = new LinkedHashSet<>(clients());
        int next = 1;
        for (int c : order) {
            number.put(c, next++);
        }
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.kind() == Kind.PAUSE) {
                if (!out.isEmpty() && out.getLast().kind() != Kind.PAUSE) {
                    out.add(s);
                }
                continue;
            }
            out.add(new Step(number.get(s.client()), s.kind(), s.write(), s.lines()));
        }
        return new ChurnSchedule(run, out);
    }

    @Override
    public String toString() {
        List<Integer> clients = clients();
        long leavers = clients.stream().filter(c -> !reads(c)).count();
        String shown = steps.stream().limit(MAX_STEPS_SHOWN).map(Step::toString).collect(Collectors.joining("; "));
        return TaggedLines.plural(clients.size(), "client") + (leavers > 0 ? " (" + leavers + " leaving without reading)" : "")
                + ", " + TaggedLines.plural(steps.size(), "step") + ": " + shown
                + (steps.size() > MAX_STEPS_SHOWN ? "; ..." : "");
    }
}
