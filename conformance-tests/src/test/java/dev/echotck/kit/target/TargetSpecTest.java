package dev.echotck.kit.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TargetSpecTest {

    @Test
    void everyKindSurvivesTheTripThroughAConfigurationParameter() {
        for (TargetSpec spec : new TargetSpec[] {new TargetSpec.Exec("./server {port}"),
                new TargetSpec.Connect("127.0.0.1", 7007), new TargetSpec.Reference("blocking"),
                new TargetSpec.Mutant("read-once-close"),
                new TargetSpec.Image("my-server:1.0", "--port {port} --name 'a & b' 100%", List.of("PORT={port}", "A=x=y&z"), 0),
                new TargetSpec.Image("registry.local:5000/team/srv@sha256:abc", "", List.of(), 7007)}) {
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

    @Test
    void anImageTargetReadsLikeItsCommandLine() {
        TargetSpec.Image image = new TargetSpec.Image("srv:1", "{port}", List.of("MODE=fast"), 0);
        assertThat(image.encode()).isEqualTo("image:srv:1?cmd={port}&env=MODE=fast");
        assertThat(image.cliOptions()).isEqualTo("--image srv:1 --container-cmd '{port}' --container-env 'MODE=fast'");
        assertThat(image.passesPort()).isTrue();
        assertThat(new TargetSpec.Image("srv:1", "", List.of("PORT={port}"), 0).passesPort()).isTrue();
        assertThat(new TargetSpec.Image("srv:1", "", List.of(), 7007).passesPort()).isFalse();
    }

    @Test
    void anImageTargetRejectsWhatDockerWouldNotTake() {
        assertThatThrownBy(() -> new TargetSpec.Image("my server", "", List.of(), 0)).hasMessageContaining("image name");
        assertThatThrownBy(() -> new TargetSpec.Image("srv", "", List.of("NOVALUE"), 0)).hasMessageContaining("KEY=VALUE");
        assertThatThrownBy(() -> TargetSpec.parse("image:srv?volume=/")).hasMessageContaining("unknown image target parameter");
    }

    @Test
    void aContainerCommandIsSplitLikeShellWordsWithoutAShell() {
        assertThat(CommandSplitter.words("/server --name 'two words' \"q\\\"uote\" {port}"))
                .containsExactly("/server", "--name", "two words", "q\"uote", "{port}");
        assertThatThrownBy(() -> CommandSplitter.words("/server 'open")).hasMessageContaining("unbalanced");
    }
}
