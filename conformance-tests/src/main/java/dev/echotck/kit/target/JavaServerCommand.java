package dev.echotck.kit.target;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line that starts a Java server (a reference server or a mutant), or one of the
 * kit's Java clients, as a child JVM with the same JDK as the kit and only the classes it needs.
 * Flags favour a fast start: the kit starts a fresh server for every rule that stops one, and a
 * fresh client for every client check.
 */
final class JavaServerCommand {

    private static final List<String> FAST_START = List.of(
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
            "--enable-native-access=ALL-UNNAMED");
    /** For the bench: the JVM's own choice of GC and both compilers, as a server would run in production. */
    private static final List<String> STEADY_STATE = List.of("-Xshare:auto", "-XX:-UsePerfData",
            "--enable-native-access=ALL-UNNAMED");

    private JavaServerCommand() {
    }

    static List<String> of(String mainClass, List<Class<?>> classpathAnchors, List<String> args) {
        return of(mainClass, classpathAnchors, args, false);
    }

    /** @param steadyState run for throughput (see {@link LaunchOptions#steadyState()}) rather than a fast start */
    static List<String> of(String mainClass, List<Class<?>> classpathAnchors, List<String> args, boolean steadyState) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(steadyState ? STEADY_STATE : FAST_START);
        argv.add("-cp");
        argv.add(classpath(classpathAnchors));
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /** The jars or class folders that hold the given classes: correct in a test run and in the CLI alike. */
    private static String classpath(List<Class<?>> anchors) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : anchors) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + anchor, e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
