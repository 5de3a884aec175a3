package dev.echotck.mutants;

import java.io.IOException;

/** Mutant client-never-woken: the input thread reads System.in, which nothing can wake (seed 002, Part 2). */
final class NeverWokenClient extends ThreadedClient {

    @Override
    Stdin openStdin() {
        return new Stdin() {
            @Override
            public int read(byte[] buffer) throws IOException {
                return System.in.read(buffer); // BUG: not interruptible, and close() does not wake it
            }

            @Override
            public void wake() {
                try {
                    System.in.close(); // points fd 0 at /dev/null; the thread blocked in read(0) stays blocked
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        };
    }
}
