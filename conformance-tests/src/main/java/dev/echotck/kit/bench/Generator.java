package dev.echotck.kit.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a {@link Load} on a server and measures it. Three implementations, so that a reader can
 * check the measuring instrument: the kit's NIO generator (the default), a thread-per-connection
 * one, and a small C program (pingpong and stream) as the yardstick for both.
 */
interface Generator {

    List<String> NAMES = List.of("nio", "threads", "c");

    String name();

    LoadResult run(InetSocketAddress server, Load load, Window window) throws IOException, InterruptedException;

    static Generator byName(String name, Path logDir) {
        return switch (name) {
            case "nio" -> new NioGenerator();
            case "threads" -> new ThreadGenerator();
            case "c" -> new NativeGenerator(logDir);
            default -> throw new IllegalArgumentException("no generator '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }
}
