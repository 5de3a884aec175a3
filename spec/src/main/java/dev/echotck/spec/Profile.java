package dev.echotck.spec;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Named sets of families, selected with {@code --profile}. Documented in spec/README.md. */
public enum Profile {
    CORE(EnumSet.of(Family.ECHO, Family.CONC)),
    SHUTDOWN(EnumSet.of(Family.SHUT)),
    HYGIENE(EnumSet.of(Family.HYG)),
    ROBUSTNESS(EnumSet.of(Family.ROB)),
    /** Everything that needs no control over the server's process: the default for --connect. */
    NETWORK(EnumSet.of(Family.ECHO, Family.CONC, Family.ROB)),
    /** Every server family: the default of {@code run}. */
    FULL(EnumSet.of(Family.ECHO, Family.CONC, Family.SHUT, Family.HYG, Family.ROB)),
    /** The client rules: the only profile of {@code run-client}. */
    CLIENT(EnumSet.of(Family.CLIENT));

    private final Set<Family> families;

    Profile(Set<Family> families) {
        this.families = families;
    }

    public Set<Family> families() {
        return families;
    }

    /** A profile checks clients or servers, never both: {@code run-client} takes the first kind, {@code run} the second. */
    public boolean checksClients() {
        return families.stream().allMatch(Family::checksClients);
    }

    public String label() {
        return name().toLowerCase();
    }

    public static Optional<Profile> byName(String name) {
        return Arrays.stream(values()).filter(p -> p.label().equalsIgnoreCase(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", "));
    }
}
