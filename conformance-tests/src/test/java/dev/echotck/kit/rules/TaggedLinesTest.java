package dev.echotck.kit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.echotck.kit.rules.TaggedLines.Attribution;

/** The words the CONC evidence uses for what a client got back. */
class TaggedLinesTest {

    private static final int RUN = 0x5f3a09c1;

    @Test
    void exactlyItsOwnLines() {
        byte[] mine = TaggedLines.of(3, 1, 2, RUN);
        Attribution a = TaggedLines.attribute(3, mine, mine);
        assertThat(a.exact()).isTrue();
        assertThat(a.text()).isEqualTo("its own 2 lines");
    }

    @Test
    void nothingAtAll() {
        Attribution a = TaggedLines.attribute(3, TaggedLines.of(3, 1, 2, RUN), new byte[0]);
        assertThat(a.nothing()).isTrue();
        assertThat(a.text()).isEqualTo("nothing");
    }

    @Test
    void anotherClientsLinesAreNamed() {
        byte[] mine = TaggedLines.of(3, 1, 2, RUN);
        byte[] got = concat(TaggedLines.of(9, 1, 1, RUN), TaggedLines.of(3, 1, 1, RUN));
        Attribution a = TaggedLines.attribute(3, mine, got);
        assertThat(a.strangers()).containsExactly(9);
        assertThat(a.text()).isEqualTo("1 line of client 9, 1 of its own 2");
    }

    @Test
    void aTruncatedEchoSaysHowMuchArrived() {
        byte[] mine = TaggedLines.of(3, 1, 2, RUN);
        Attribution a = TaggedLines.attribute(3, mine, Arrays.copyOf(mine, mine.length / 2 + 3));
        assertThat(a.strangers()).isEmpty();
        assertThat(a.text()).startsWith("only the first ").contains("1 of its 2 lines");
    }

    @Test
    void twoThreadsOnOneConnectionShowAsReorderedLines() {
        byte[] first = TaggedLines.of(3, 1, 1, RUN);
        byte[] second = TaggedLines.of(3, 2, 1, RUN);
        Attribution a = TaggedLines.attribute(3, concat(first, second), concat(second, first));
        assertThat(a.text()).isEqualTo("its own 2 lines, but out of order: [2, 1]");
    }

    @Test
    void clientNumbersFoldIntoRanges() {
        assertThat(IdRanges.of(java.util.List.of(5, 1, 2, 3, 7, 9, 8))).isEqualTo("1-3, 5, 7-9");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
