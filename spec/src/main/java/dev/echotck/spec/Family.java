package dev.echotck.spec;

import java.util.Arrays;
import java.util.Optional;

/** The rule families. The prefixes are a contract: reports and other tools read them. */
public enum Family {
    ECHO("what comes back"),
    CONC("concurrency"),
    SHUT("shutdown"),
    HYG("process hygiene"),
    ROB("robustness"),
    CLIENT("client conformance");

    private final String topic;

    Family(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /**
     * Whether this family's rules check a client (the kit plays the server) rather than a server
     * (the kit plays the clients). A run checks one side only: {@code run} servers, {@code run-client}
     * clients.
     */
    public boolean checksClients() {
        return this == CLIENT;
    }

    /** The spec file that holds this family's rules, relative to the spec resources. */
    String resourceName() {
        return name() + ".md";
    }

    public static Optional<Family> byPrefix(String prefix) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(prefix)).findFirst();
    }
}
