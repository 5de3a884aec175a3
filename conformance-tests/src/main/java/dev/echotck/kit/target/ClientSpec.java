package dev.echotck.kit.target;

/**
 * Which client the kit checks, in the one-string form that travels as the configuration parameter
 * {@code echotck.client}: {@code exec:CMD}, {@code reference:NAME} or {@code mutant:NAME}. The kit
 * starts the client afresh for every check, against a server of its own; {@code {host}} and
 * {@code {port}} in the command are replaced by that server's address.
 */
public sealed interface ClientSpec extends RunTarget {

    String HOST_PLACEHOLDER = "{host}";
    String PORT_PLACEHOLDER = TargetSpec.PORT_PLACEHOLDER;

    /** A client command; the kit runs it with the kit's server's address in place of {@code {host}} and {@code {port}}. */
    record Exec(String commandTemplate) implements ClientSpec {
        public Exec {
            if (commandTemplate.isBlank()) {
                throw new BadTargetException("--exec needs a command");
            }
            if (!commandTemplate.contains(PORT_PLACEHOLDER)) {
                throw new BadTargetException("--exec command must contain " + PORT_PLACEHOLDER + " (and usually "
                        + HOST_PLACEHOLDER + ") where the server's address goes, e.g. --exec \"nc -N {host} {port}\"");
            }
        }

        @Override
        public String describe() {
            return "client exec: " + commandTemplate;
        }
    }

    /** One of the kit's reference clients. */
    record Reference(String name) implements ClientSpec {
        @Override
        public String describe() {
            return "reference client: " + name;
        }
    }

    /** One of the kit's client mutants (a correct client with one classic bug). */
    record Mutant(String name) implements ClientSpec {
        @Override
        public String describe() {
            return "client mutant: " + name;
        }
    }

    @Override
    default String encode() {
        return switch (this) {
            case Exec e -> "exec:" + e.commandTemplate();
            case Reference r -> "reference:" + r.name();
            case Mutant m -> "mutant:" + m.name();
        };
    }

    @Override
    default String cliOptions() {
        return switch (this) {
            case Exec e -> "--exec '" + e.commandTemplate().replace("'", "'\\''") + "'";
            case Reference r -> "--reference " + r.name();
            case Mutant m -> "--mutant " + m.name();
        };
    }

    @Override
    default String command() {
        return "run-client";
    }

    static ClientSpec parse(String encoded) {
        int colon = encoded.indexOf(':');
        if (colon < 0) {
            throw new BadTargetException("client '" + encoded + "' must start with exec:, reference: or mutant:");
        }
        String rest = encoded.substring(colon + 1);
        return switch (encoded.substring(0, colon)) {
            case "exec" -> new Exec(rest);
            case "reference" -> new Reference(rest);
            case "mutant" -> new Mutant(rest);
            default -> throw new BadTargetException("unknown client kind '" + encoded.substring(0, colon) + "'");
        };
    }
}
