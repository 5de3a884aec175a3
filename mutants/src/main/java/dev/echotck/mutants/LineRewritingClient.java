package dev.echotck.mutants;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Mutant client-line-rewriter: reads stdin line by line and sends each line plus "\n". */
final class LineRewritingClient extends ThreadedClient {

    @Override
    void copyInput(Stdin stdin, OutputStream toServer) throws IOException {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] buffer = new byte[len];
                int n = stdin.read(buffer);
                if (n > 0) {
                    System.arraycopy(buffer, 0, b, off, n);
                }
                return n;
            }
        };
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        while ((line = lines.readLine()) != null) {
            toServer.write((line + "\n").getBytes(StandardCharsets.US_ASCII)); // BUG: "\r\n" becomes "\n"
        }
    }
}
