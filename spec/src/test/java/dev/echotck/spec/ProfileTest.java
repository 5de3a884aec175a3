package dev.echotck.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void aProfileChecksServersOrClientsNeverBoth() {
        for (Profile profile : Profile.values()) {
            assertThat(profile.families()).as(profile.label())
                    .allMatch(f -> f.checksClients() == profile.checksClients());
        }
    }

    @Test
    void theClientProfileIsTheClientFamilyAndFullIsEveryServerFamily() {
        assertThat(Profile.CLIENT.families()).containsExactly(Family.CLIENT);
        assertThat(Profile.FULL.families()).containsExactlyInAnyOrder(
                java.util.Arrays.stream(Family.values()).filter(f -> !f.checksClients()).toArray(Family[]::new));
    }
}
