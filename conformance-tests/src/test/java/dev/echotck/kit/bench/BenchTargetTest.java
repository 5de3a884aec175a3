package dev.echotck.kit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.target.TargetSpec;

class BenchTargetTest {

    @Test
    void aCompareListNamesTheBaselineReferencesAndAnyRunTarget() {
        List<BenchTarget> targets = BenchTarget.parseList("c-baseline, selector,mutant:text-round-trip,exec:./server {port}");

        assertThat(targets).extracting(BenchTarget::label)
                .containsExactly("c-baseline", "selector", "mutant:text-round-trip", "server {port}");
        assertThat(targets.get(0).isNative()).isTrue();
        assertThat(targets.get(1).spec()).isEqualTo(new TargetSpec.Reference("selector"));
        assertThat(targets.get(3).spec()).isEqualTo(new TargetSpec.Exec("./server {port}"));
    }

    @Test
    void seed000sTwoCServersAreTargetsToo() {
        List<BenchTarget> targets = BenchTarget.parseList("c-forked,c-threaded");

        assertThat(targets).allMatch(BenchTarget::isNative);
        assertThat(targets.get(0).describe()).contains("forked_echo.c");
        assertThat(targets.get(1).describe()).contains("threaded_echo.c");
    }

    @Test
    void aCommaInsideACommandStaysInTheCommand() {
        List<BenchTarget> targets = BenchTarget.parseList("exec:./server --opts a,b {port},reference:virtual");

        assertThat(targets).extracting(BenchTarget::spec)
                .containsExactly(new TargetSpec.Exec("./server --opts a,b {port}"), new TargetSpec.Reference("virtual"));
    }

    @Test
    void aLongCommandIsNamedByItsProgramAndBothEnds() {
        String label = BenchTarget.shortCommand("/usr/lib/jvm/jdk-25/bin/java -Djdk.pollerMode=2 -cp /a/very/long/class/path.jar "
                + "dev.echotck.reference.ServerMain virtual --port {port}");

        assertThat(label).startsWith("java -Djdk.pollerMode=2").endsWith("virtual --port {port}").hasSizeLessThanOrEqualTo(48);
        assertThat(BenchTarget.shortCommand("./server {port}")).isEqualTo("server {port}");
    }

    @Test
    void theSameTargetTwiceGetsTwoNames() {
        assertThat(BenchTarget.parseList("selector,selector")).extracting(BenchTarget::label).containsExactly("selector", "selector#2");
    }

    @Test
    void somethingThatIsNoTargetIsRefusedWithTheFormsThatAre() {
        assertThatThrownBy(() -> BenchTarget.parseList("selektor"))
                .hasMessageContaining("'selektor' is not a target").hasMessageContaining("c-baseline").hasMessageContaining("reference:NAME");
    }
}
