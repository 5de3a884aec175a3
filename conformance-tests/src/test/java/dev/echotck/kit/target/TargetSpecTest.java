package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetSpecTest {

    @Test
    void everyKindSurvivesTheTripThroughAConfigurationParameter() {
        for (TargetSpec spec : new TargetSpec[] {new TargetSpec.Exec("./server {port}"),
                new TargetSpec.Connect("127.0.0.1", 7007), new TargetSpec.Reference("blocking"),
                new TargetSpec.Mutant("read-once-close")}) {
            assertThat(TargetSpec.parse(spec.encode())).isEqualTo(spec);
        }
    }

    @Test
    void connectAcceptsIpv6Loopback() {
        assertThat(TargetSpec.connect("[::1]:7007")).isEqualTo(new TargetSpec.Connect("::1", 7007));
    }

    @Test
    void trafficGoesOnlyToLoopback() {
        assertThatThrownBy(() -> TargetSpec.connect("10.0.0.1:7"))
                .isInstanceOf(BadTargetException.class).hasMessageContaining("not a loopback address");
    }

    @Test
    void anExecCommandMustSayWhereThePortGoes() {
        assertThatThrownBy(() -> new TargetSpec.Exec("./server 7007")).hasMessageContaining("{port}");
    }

    @Test
    void plainCommandsRunWithoutAShellSoThePidIsTheServer() {
        assertThat(CommandSplitter.argv("python3 server.py 4242")).containsExactly("python3", "server.py", "4242");
        assertThat(CommandSplitter.argv("./server 4242 2>/dev/null")).containsExactly("/bin/sh", "-c", "./server 4242 2>/dev/null");
    }
}
