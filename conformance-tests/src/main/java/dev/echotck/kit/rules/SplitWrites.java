package dev.echotck.kit.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An ECHO-2 case: a payload and the sizes of the writes it is sent in. Generated from a seed,
 * shrunk towards fewer bytes and fewer writes.
 */
record SplitWrites(byte[] payload, int[] writes) {

    static final int MAX_BYTES = 4096;

    /** The first trial of a run sends one byte per write; later ones split at random. */
    static SplitWrites generate(SplittableRandom random, boolean oneBytePerWrite) {
        int length = oneBytePerWrite ? 512 : 1 + (random.nextBoolean() ? random.nextInt(64) : random.nextInt(MAX_BYTES));
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        if (oneBytePerWrite) {
            return new SplitWrites(payload, IntStream.generate(() -> 1).limit(length).toArray());
        }
        int maxWrite = switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(8);
            case 1 -> 1 + random.nextInt(256);
            default -> length;
        };
        List<Integer> sizes = new ArrayList<>();
        for (int left = length; left > 0; ) {
            int size = Math.min(left, 1 + random.nextInt(maxWrite));
            sizes.add(size);
            left -= size;
        }
        return new SplitWrites(payload, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Smaller cases, biggest steps first so a few failing attempts get far: either half of the
     * bytes, half as many writes (neighbours merged), one write fewer, one byte fewer.
     */
    Stream<SplitWrites> shrink() {
        List<SplitWrites> smaller = new ArrayList<>();
        if (payload.length > 1) {
            smaller.add(truncate(payload.length / 2));
            smaller.add(dropFirst(payload.length / 2));
        }
        if (writes.length > 1) {
            int[] pairs = new int[(writes.length + 1) / 2];
            for (int i = 0; i < writes.length; i++) {
                pairs[i / 2] += writes[i];
            }
            smaller.add(new SplitWrites(payload, pairs));
            smaller.add(truncate(payload.length - writes[writes.length - 1]));
        }
        if (payload.length > 1) {
            smaller.add(truncate(payload.length - 1));
            smaller.add(dropFirst(1));
        }
        return smaller.stream();
    }

    /** The same split without the first {@code count} bytes. */
    private SplitWrites dropFirst(int count) {
        List<Integer> sizes = new ArrayList<>();
        int skip = count;
        for (int size : writes) {
            int kept = size - Math.min(skip, size);
            skip -= size - kept;
            if (kept > 0) {
                sizes.add(kept);
            }
        }
        return new SplitWrites(Arrays.copyOfRange(payload, count, payload.length),
                sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The same bytes in one write: tells a split-dependent failure from plain corruption. */
    SplitWrites asOneWrite() {
        return new SplitWrites(payload, new int[] {payload.length});
    }

    private SplitWrites truncate(int length) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0, sum = 0; i < writes.length && sum < length; i++) {
            sizes.add(Math.min(writes[i], length - sum));
            sum += writes[i];
        }
        return new SplitWrites(Arrays.copyOf(payload, length), sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String toString() {
        String sizes = writes.length <= 12 ? Arrays.toString(writes)
                : Arrays.toString(Arrays.copyOf(writes, 12)).replace("]", ", ...]");
        String hex = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(payload, 0, Math.min(24, payload.length));
        return payload.length + (payload.length == 1 ? " byte" : " bytes") + " in " + writes.length
                + (writes.length == 1 ? " write of size " : " writes of sizes ") + sizes + "; payload starts " + hex
                + (payload.length > 24 ? " ..." : "");
    }
}
