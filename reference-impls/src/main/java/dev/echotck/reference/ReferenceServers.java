package dev.echotck.reference;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The reference servers by name, as {@code echotck serve NAME} and {@code --reference NAME} know them. */
public final class ReferenceServers {

    private static final Map<String, Function<ServerOptions, EchoServer>> SERVERS = new TreeMap<>(Map.of(
            "blocking", BlockingEchoServer::new,
            "virtual", BlockingEchoServer::withVirtualThreads,
            "selector", SelectorEchoServer::new,
            "async", AsyncEchoServer::new,
            "forked", ForkedEchoServer::new));

    private ReferenceServers() {
    }

    public static Set<String> names() {
        return SERVERS.keySet();
    }

    public static boolean exists(String name) {
        return SERVERS.containsKey(name);
    }

    public static EchoServer create(String name, ServerOptions options) {
        var factory = SERVERS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("no reference server '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return factory.apply(options);
    }
}
