package dev.echotck.kit.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which server the kit runs against, in the one-string form that travels as the configuration
 * parameter {@code echotck.target}: {@code exec:CMD}, {@code connect:HOST:PORT},
 * {@code reference:NAME}, {@code mutant:NAME} or {@code image:IMAGE[?cmd=..&env=K=V&port=N]}.
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

    /**
     * A server packaged as a container image, run with host networking so that the kit talks to
     * it on 127.0.0.1 directly (a port-publishing proxy would accept and close connections on the
     * server's behalf, and the verdicts would be the proxy's).
     *
     * @param image   as {@code docker run} takes it: {@code NAME[:TAG]}, {@code NAME@DIGEST} or an image id
     * @param command the arguments after the image in {@code docker run IMAGE ARGS} (they replace
     *                the image's CMD and go to its ENTRYPOINT); empty for the image's own CMD
     * @param env     {@code K=V} entries for the container's environment
     * @param port    the port the server listens on (it shares the host's network), or 0: the kit
     *                picks a free port and passes it where {@code {port}} stands in the command or
     *                in an env value; with neither, the port the image EXPOSEs
     */
    record Image(String image, String command, List<String> env, int port) implements TargetSpec {
        public Image {
            if (image == null || image.isBlank() || image.strip().chars().anyMatch(Character::isWhitespace)
                    || image.contains("?")) {
                throw new BadTargetException("--image needs an image name such as my-server:1.0, got '" + image + "'");
            }
            image = image.strip();
            command = command == null ? "" : command.strip();
            env = List.copyOf(env);
            for (String entry : env) {
                if (entry.indexOf('=') < 1) {
                    throw new BadTargetException("--container-env takes KEY=VALUE, got '" + entry + "'");
                }
            }
            if (port < 0 || port > 65535) {
                throw new BadTargetException("--container-port " + port + " is out of range 1-65535");
            }
        }

        /** Whether the kit tells the server its port (through {@code {port}} in the command or env). */
        public boolean passesPort() {
            return command.contains(PORT_PLACEHOLDER) || env.stream().anyMatch(e -> e.contains(PORT_PLACEHOLDER));
        }

        @Override
        public String describe() {
            return "image: " + image + (command.isEmpty() ? "" : " " + command);
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
            case Image i -> "image:" + i.image() + imageQuery(i);
        };
    }

    /** The CLI options that select this target, quoted for a POSIX shell: for "rerun this" hints. */
    default String cliOptions() {
        return switch (this) {
            case Exec e -> "--exec '" + e.commandTemplate().replace("'", "'\\''") + "'";
            case Connect c -> "--connect " + (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + c.port();
            case Reference r -> "--reference " + r.name();
            case Mutant m -> "--mutant " + m.name();
            case Image i -> "--image " + i.image()
                    + (i.command().isEmpty() ? "" : " --container-cmd " + shellQuoted(i.command()))
                    + i.env().stream().map(e -> " --container-env " + shellQuoted(e)).collect(Collectors.joining())
                    + (i.port() > 0 ? " --container-port " + i.port() : "");
        };
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** {@code ?cmd=..&env=..&port=..}, where only % and & are escaped (%25, %26) so that it stays readable. */
    private static String imageQuery(Image image) {
        List<String> parameters = new ArrayList<>();
        if (!image.command().isEmpty()) {
            parameters.add("cmd=" + escape(image.command()));
        }
        image.env().forEach(e -> parameters.add("env=" + escape(e)));
        if (image.port() > 0) {
            parameters.add("port=" + image.port());
        }
        return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    private static String escape(String value) {
        return value.replace("%", "%25").replace("&", "%26");
    }

    private static String unescape(String value) {
        return value.replace("%26", "&").replace("%25", "%");
    }

    /** Reads {@code IMAGE[?cmd=..&env=K=V&port=N]} back. */
    static Image image(String encoded) {
        int query = encoded.indexOf('?');
        String name = query < 0 ? encoded : encoded.substring(0, query);
        String command = "";
        List<String> env = new ArrayList<>();
        int port = 0;
        if (query >= 0 && query < encoded.length() - 1) {
            for (String parameter : encoded.substring(query + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String key = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : unescape(parameter.substring(equals + 1));
                switch (key) {
                    case "cmd" -> command = value;
                    case "env" -> env.add(value);
                    case "port" -> {
                        try {
                            port = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            throw new BadTargetException("image target port must be a number, got '" + value + "'");
                        }
                    }
                    default -> throw new BadTargetException("unknown image target parameter '" + key
                            + "' (known: cmd, env, port)");
                }
            }
        }
        return new Image(name, command, env, port);
    }

    static TargetSpec parse(String encoded) {
        int colon = encoded.indexOf(':');
        if (colon < 0) {
            throw new BadTargetException("target '" + encoded + "' must start with exec:, connect:, reference:, mutant: or image:");
        }
        String kind = encoded.substring(0, colon);
        String rest = encoded.substring(colon + 1);
        return switch (kind) {
            case "exec" -> new Exec(rest);
            case "connect" -> connect(rest);
            case "reference" -> new Reference(rest);
            case "mutant" -> new Mutant(rest);
            case "image" -> image(rest);
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
