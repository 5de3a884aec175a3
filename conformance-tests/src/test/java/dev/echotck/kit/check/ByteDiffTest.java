package dev.echotck.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

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
    void aGapThatStartsAtAZeroByteIsStrlen() {
        // What seed 001's send(connfd, buff, strlen(buff), 0) does with two reads of 2048 bytes: each
        // read is echoed up to its first zero byte, and the next read's bytes come back after the gap.
        byte[] sent = new byte[4096];
        new Random(1).nextBytes(sent);
        for (int i = 0; i < sent.length; i++) {
            sent[i] = sent[i] == 0 ? 1 : sent[i]; // no zero byte but the two below
        }
        sent[1000] = 0;
        sent[2500] = 0;
        byte[] firstRead = Arrays.copyOfRange(sent, 0, 1000);
        byte[] secondRead = Arrays.copyOfRange(sent, 2048, 2500);
        byte[] back = new byte[firstRead.length + secondRead.length];
        System.arraycopy(firstRead, 0, back, 0, firstRead.length);
        System.arraycopy(secondRead, 0, back, firstRead.length, secondRead.length);

        assertThat(ByteDiff.of(sent, back).corruptionCause())
                .hasValueSatisfying(cause -> assertThat(cause).contains("1048 bytes are missing at offset 1000")
                        .contains("starting exactly at a zero byte").contains("strlen()")
                        .doesNotContain("short write"));
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
