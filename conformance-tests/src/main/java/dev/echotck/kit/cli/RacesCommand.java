package dev.echotck.kit.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code echotck races}: runs the jcstress race probes (module race-tests), each broken variant
 * beside the fixed one that the reference servers use, and exits 0 only when every broken variant
 * showed its race and no fixed variant did. The probes live in their own jar, which depends on
 * the reference servers and not on the kit: this command finds it at run time and runs its
 * {@code RaceCheck} in a JVM of its own.
 */
@Command(name = "races", mixinStandardHelpOptions = true,
        description = {"Runs the jcstress race probes of the reference servers' shared state (about a minute).",
                "Exit status 0 when every broken variant showed its race and every fixed variant never did."})
public final class RacesCommand implements Callable<Integer> {

    static final String CHECK = "dev.echotck.races.RaceCheck";

    @Option(names = "--json", description = "Print JSON: [{\"probe\",\"test\",\"variant\":\"broken|fixed\",\"outcome\":\"RACE_SEEN|CLEAN|ERROR\"}].")
    boolean json;

    @Option(names = "--only", paramLabel = "REGEX", description = "Only the probes whose test name matches, e.g. Topic_01.")
    String only;

    @Option(names = "--jar", paramLabel = "PATH",
            description = "The probes' jar (default: race-tests/target/jcstress.jar beside the kit, or under the current directory).")
    Path jar;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where jcstress writes its log and HTML report (default: races/ beside the probes' jar).")
    Path work;

    @Override
    public Integer call() throws Exception {
        Optional<Path> found = jar != null ? Optional.of(jar).filter(Files::isRegularFile) : findProbesJar();
        if (found.isEmpty()) {
            System.err.println("echotck: the race probes are not built (race-tests/target/jcstress.jar); "
                    + "build them with ./mvnw -q package -DskipTests, or run ./echotck races, which builds them");
            return EchoTck.USAGE;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", found.get().toString(), CHECK));
        if (json) {
            command.add("--json");
        }
        if (only != null) {
            command.addAll(List.of("--only", only));
        }
        if (work != null) {
            command.addAll(List.of("--work", work.toAbsolutePath().toString()));
        }
        Process check = new ProcessBuilder(command).inheritIO().start();
        Thread cleanUp = new Thread(() -> destroyWithDescendants(check)); // SIGTERM or Ctrl-C: jcstress and its forks go too
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            return check.waitFor();
        } finally {
            destroyWithDescendants(check);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing left to undo
            }
        }
    }

    private static void destroyWithDescendants(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** race-tests/target/jcstress.jar in the build tree the kit came from, else under the current directory. */
    static Optional<Path> findProbesJar() {
        List<Path> candidates = new ArrayList<>();
        kitBuildTree().ifPresent(root -> candidates.add(root.resolve(Path.of("race-tests", "target", "jcstress.jar"))));
        candidates.add(Path.of("race-tests", "target", "jcstress.jar").toAbsolutePath());
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The repository the kit was built in: the kit is conformance-tests/target/echotck.jar (or target/classes). */
    private static Optional<Path> kitBuildTree() {
        try {
            Path code = Path.of(RacesCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            return Optional.ofNullable(target).map(Path::getParent).map(Path::getParent);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
