package dev.echotck.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The diagnosis names the classic bug from the shape of the damage. */
class ByteDiffTest {

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void identicalStreamsHaveNoDifference() {
        assertThat(ByteDiff.of(allByteValues(), allByteValues()).firstDifference()).isEmpty();
    }

    @Test
    void textDecodingIsRecognisedByTheReplacementCharacter() {
        byte[] sent = allByteValues();
        byte[] back = new String(sent, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);

        ByteDiff diff = ByteDiff.of(sent, back);

        assertThat(diff.firstDifference()).contains(128);
        assertThat(diff.corruptionCause()).hasValueSatisfying(cause -> assertThat(cause).contains("UTF-8"));
        assertThat(diff.evidence()).contains("[80]").contains("[EF]");
    }

    @Test
    void aGapFollowedByTheRightBytesIsADroppedShortWrite() {
        byte[] sent = new byte[4096];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + i / 7);
        }
        byte[] back = new byte[sent.length - 100];
        System.arraycopy(sent, 0, back, 0, 1000);
        System.arraycopy(sent, 1100, back, 1000, sent.length - 1100);

        assertThat(ByteDiff.of(sent, back).corruptionCause())
                .hasValueSatisfying(cause -> assertThat(cause).contains("100 bytes are missing at offset 1000")
                        .contains("short write"));
    }

    @Test
    void aTruncatedEchoIsATruncationNotACorruption() {
        byte[] sent = allByteValues();
        ByteDiff diff = ByteDiff.of(sent, Arrays.copyOf(sent, 10));

        assertThat(diff.isTruncation()).isTrue();
        assertThat(diff.corruptionCause()).isEmpty();
        assertThat(diff.evidence()).contains("[<end>]");
    }
}
