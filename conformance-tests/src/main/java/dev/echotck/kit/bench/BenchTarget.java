package dev.echotck.kit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.echotck.kit.target.BadTargetException;
import dev.echotck.kit.target.NativeMutants;
import dev.echotck.kit.target.TargetSpec;
import dev.echotck.reference.ReferenceServers;

/**
 * A server the bench measures: any target {@code run} takes, or one of the kit's C servers.
 *
 * @param label  how tables and charts name it: "selector", "c-baseline", "mutant:text-round-trip"
 * @param spec   the target, or null for a C server of the kit (its binary is built when it starts)
 * @param native the C server's name ({@link #NATIVE}), or null
 */
public record BenchTarget(String label, TargetSpec spec, String nativeName) {

    /** The name of the C baseline, in {@code --compare} and in reports. */
    public static final String BASELINE = "c-baseline";

    /** A C server the kit ships as source: the classpath resource, and its model in a few words. */
    record NativeServer(String source, String model) {
    }

    /**
     * The kit's C servers, by the names {@code --compare} takes: the baseline (an epoll loop per
     * core, the machine's limit), and the correct servers the C mutants are made from: seed 000's
     * two versions, a process per client and a thread per client, whose costs it asks about.
     */
    static final Map<String, NativeServer> NATIVE = Map.of(
            BASELINE, new NativeServer("/dev/echotck/kit/bench/epoll_echo.c", "C, one epoll loop per core"),
            "c-forked", new NativeServer("/dev/echotck/mutants/c/forked_echo.c", "C, a forked process per client"),
            "c-threaded", new NativeServer("/dev/echotck/mutants/c/threaded_echo.c", "C, a POSIX thread per client"));

    private static final List<String> KINDS = List.of("exec:", "connect:", "reference:", "mutant:", "image:");

    public static BenchTarget baseline() {
        return new BenchTarget(BASELINE, null, BASELINE);
    }

    public static BenchTarget of(TargetSpec spec) {
        return new BenchTarget(labelOf(spec), spec, null);
    }

    /** One of the kit's C servers: it needs no validation, and gcc when it starts. */
    public boolean isNative() {
        return nativeName != null;
    }

    /** What to launch; builds a C server with gcc on first use (then it is an --exec server like any other). */
    TargetSpec launchSpec() {
        if (spec != null) {
            return spec;
        }
        Path binary = NativeMutants.program(NATIVE.get(nativeName).source());
        return new TargetSpec.Exec(binary + " " + TargetSpec.PORT_PLACEHOLDER);
    }

    public String describe() {
        if (spec != null) {
            return spec.describe();
        }
        NativeServer server = NATIVE.get(nativeName);
        return nativeName + " (" + server.source().substring(server.source().lastIndexOf('/') + 1) + ": " + server.model() + ")";
    }

    private static String labelOf(TargetSpec spec) {
        return switch (spec) {
            case TargetSpec.Reference r -> r.name();
            case TargetSpec.Mutant m -> "mutant:" + m.name();
            case TargetSpec.Exec e -> shortCommand(e.commandTemplate());
            case TargetSpec.Connect c -> c.host() + ":" + c.port();
            case TargetSpec.Image i -> "image:" + i.image();
        };
    }

    /**
     * A command as a column title: the program's file name, then its arguments, the middle cut out
     * if it is long ("java -Djdk.pollerMode=2 ...Main virtual --port {port}"): the two ends are what
     * tells two commands apart.
     */
    static String shortCommand(String command) {
        String[] words = command.strip().split("\\s+", 2);
        String program = words[0].substring(words[0].lastIndexOf('/') + 1);
        String text = words.length == 1 ? program : program + " " + words[1];
        return text.length() <= 48 ? text : text.substring(0, 24) + "..." + text.substring(text.length() - 21);
    }

    /**
     * Reads {@code --compare}: targets separated by commas, each a C server of the kit
     * ({@code c-baseline}, {@code c-forked}, {@code c-threaded}), a reference server's name ({@code selector}), or a target as {@code echotck.target} writes it
     * ({@code reference:NAME}, {@code mutant:NAME}, {@code exec:CMD {port}}, {@code connect:HOST:PORT},
     * {@code image:IMAGE?cmd=..}). After an {@code exec:} or {@code image:} entry, a comma that
     * does not start one of these belongs to its command, so {@code exec:./server --opts a,b {port}}
     * survives.
     */
    public static List<BenchTarget> parseList(String list) {
        List<String> entries = new ArrayList<>();
        for (String piece : list.split(",", -1)) {
            String trimmed = piece.strip();
            if (startsEntry(trimmed) || entries.isEmpty() || !takesCommas(entries.getLast())) {
                entries.add(trimmed);
            } else {
                int last = entries.size() - 1;
                entries.set(last, entries.get(last) + "," + piece);
            }
        }
        List<BenchTarget> targets = new ArrayList<>();
        for (String entry : entries) {
            targets.add(parse(entry));
        }
        return distinctLabels(targets);
    }

    /** A command (exec:, or an image's cmd=) may hold commas; a name cannot. */
    private static boolean takesCommas(String entry) {
        return entry.startsWith("exec:") || entry.startsWith("image:");
    }

    private static boolean startsEntry(String piece) {
        return NATIVE.containsKey(piece) || ReferenceServers.exists(piece) || KINDS.stream().anyMatch(piece::startsWith);
    }

    static BenchTarget parse(String entry) {
        if (NATIVE.containsKey(entry)) {
            return new BenchTarget(entry, null, entry);
        }
        if (ReferenceServers.exists(entry)) {
            return of(new TargetSpec.Reference(entry));
        }
        if (KINDS.stream().noneMatch(entry::startsWith)) {
            throw new BadTargetException("--compare: '" + entry + "' is not a target; write a C server of the kit ("
                    + String.join(", ", new java.util.TreeSet<>(NATIVE.keySet())) + "), a reference server ("
                    + String.join(", ", ReferenceServers.names())
                    + "), or reference:NAME, mutant:NAME, exec:CMD {port}, connect:HOST:PORT, image:IMAGE");
        }
        return of(TargetSpec.parse(entry));
    }

    /** The same target twice gets "#2": each column of a comparison needs a name of its own. */
    static List<BenchTarget> distinctLabels(List<BenchTarget> targets) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<BenchTarget> named = new ArrayList<>();
        for (BenchTarget target : targets) {
            int count = seen.merge(target.label(), 1, Integer::sum);
            named.add(count == 1 ? target : new BenchTarget(target.label() + "#" + count, target.spec(), target.nativeName()));
        }
        return named;
    }
}
