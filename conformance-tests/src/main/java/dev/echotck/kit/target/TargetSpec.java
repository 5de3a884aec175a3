package dev.echotck.kit.target;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which server the kit runs against, in the one-string form that travels as the configuration
 * parameter {@code echotck.target}: {@code exec:CMD}, {@code connect:HOST:PORT} or
 * {@code reference:NAME}.
 */
public sealed interface TargetSpec extends RunTarget {

    /** A command the kit starts itself; {@code {port}} is replaced by a free loopback port. */
    record Exec(String commandTemplate) implements TargetSpec {
        public Exec {
            if (commandTemplate.isBlank()) {
                throw new BadTargetException("--exec needs a command");
            }
            if (!commandTemplate.contains(PORT_PLACEHOLDER)) {
                throw new BadTargetException("--exec command must contain " + PORT_PLACEHOLDER
                        + " where the port goes, e.g. --exec \"python3 server.py {port}\"");
            }
        }

        @Override
        public String describe() {
            return "exec: " + commandTemplate;
        }
    }

    /** A server someone else started; the kit can only talk to it. */
    record Connect(String host, int port) implements TargetSpec {
        public Connect {
            if (port < 1 || port > 65535) {
                throw new BadTargetException("port " + port + " is out of range 1-65535");
            }
            requireLoopback(host);
        }

        @Override
        public String describe() {
            return "connect: " + host + ":" + port;
        }
    }

    /** One of the kit's reference servers, started as a child JVM exactly like an --exec server. */
    record Reference(String name) implements TargetSpec {
        @Override
        public String describe() {
            return "reference: " + name;
        }
    }

    /** One of the kit's mutants (a reference server with one classic bug), started like --reference. */
    record Mutant(String name) implements TargetSpec {
        @Override
        public String describe() {
            return "mutant: " + name;
        }
    }

    String PORT_PLACEHOLDER = "{port}";

    /** A human-readable form for reports. */
    String describe();

    /** The configuration-parameter form; {@link #parse} reads it back. */
    default String encode() {
        return switch (this) {
            case Exec e -> "exec:" + e.commandTemplate();
            case Connect c -> "connect:" + c.host() + ":" + c.port();
            case Reference r -> "reference:" + r.name();
            case Mutant m -> "mutant:" + m.name();
        };
    }

    /** The CLI options that select this target, quoted for a POSIX shell: for "rerun this" hints. */
    default String cliOptions() {
        return switch (this) {
            case Exec e -> "--exec '" + e.commandTemplate().replace("'", "'\\''") + "'";
            case Connect c -> "--connect " + (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + c.port();
            case Reference r -> "--reference " + r.name();
            case Mutant m -> "--mutant " + m.name();
        };
    }

    static TargetSpec parse(String encoded) {
        int colon = encoded.indexOf(':');
        if (colon < 0) {
            throw new BadTargetException("target '" + encoded + "' must start with exec:, connect:, reference: or mutant:");
        }
        String kind = encoded.substring(0, colon);
        String rest = encoded.substring(colon + 1);
        return switch (kind) {
            case "exec" -> new Exec(rest);
            case "connect" -> connect(rest);
            case "reference" -> new Reference(rest);
            case "mutant" -> new Mutant(rest);
            default -> throw new BadTargetException("unknown target kind '" + kind + "'");
        };
    }

    /** Parses {@code HOST:PORT}, {@code [::1]:PORT} included. */
    static Connect connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new BadTargetException("--connect needs HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Connect(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new BadTargetException("--connect port must be a number, got '" + hostPort.substring(colon + 1) + "'");
        }
    }

    /**
     * The kit sends traffic only to loopback: its load and failure probes must never reach
     * another machine.
     */
    private static void requireLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new BadTargetException(host + " is not a loopback address: echotck only tests servers on "
                            + "127.0.0.0/8 or ::1");
                }
            }
        } catch (UnknownHostException e) {
            throw new BadTargetException("unknown host '" + host + "'");
        }
    }
}
