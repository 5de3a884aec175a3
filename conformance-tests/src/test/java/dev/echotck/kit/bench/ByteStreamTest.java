package dev.echotck.kit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The check every echoed byte goes through. */
class ByteStreamTest {

    private static ByteBuffer copy(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes.duplicate()).flip();
        return copy;
    }

    @Test
    void whatWasSentComesBackRightAcrossThePatternsEnd() {
        ByteStream stream = new ByteStream(Pattern.LENGTH - 10); // the next 64 bytes wrap around the pattern
        ByteBuffer sent = copy(stream.next(64));
        stream.wrote(64);

        assertThat(stream.check(sent)).isNull();
        assertThat(stream.received()).isEqualTo(64);
    }

    @Test
    void oneChangedByteIsFoundWithItsOffset() {
        ByteStream stream = ByteStream.forConnection(3);
        ByteBuffer echoed = copy(stream.next(100));
        stream.wrote(100);
        echoed.put(42, (byte) (echoed.get(42) ^ 1));

        assertThat(stream.check(echoed)).contains("byte 42 of its stream");
        assertThat(stream.received()).isZero();
    }

    @Test
    void anotherConnectionsBytesAreWrong() {
        ByteStream mine = ByteStream.forConnection(1);
        ByteStream theirs = ByteStream.forConnection(2);
        mine.next(32);
        mine.wrote(32);

        assertThat(mine.check(copy(theirs.next(32)))).contains("wrong bytes");
    }

    @Test
    void moreBytesThanWereSentAreWrong() {
        ByteStream stream = ByteStream.forConnection(0);
        ByteBuffer twice = ByteBuffer.allocate(20);
        twice.put(copy(stream.next(10))).put(copy(stream.next(10))).flip();
        stream.wrote(10);

        assertThat(stream.check(twice)).contains("more bytes came back than were sent");
    }

    @Test
    void everyByteValueIsInThePattern() {
        boolean[] seen = new boolean[256];
        ByteBuffer pattern = Pattern.view();
        for (int i = 0; i < Pattern.LENGTH; i++) {
            seen[pattern.get(i) & 0xff] = true;
        }
        for (int value = 0; value < 256; value++) {
            assertThat(seen[value]).as("byte 0x%02x", value).isTrue();
        }
    }
}
