package dev.echotck.mutants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.echotck.reference.ServerOptions;

/** Mutant text-round-trip: decodes what it reads as UTF-8 and encodes it back. */
final class TextRoundTripServer extends ThreadPerClientServer {

    TextRoundTripServer(ServerOptions options) {
        super(options);
    }

    @Override
    void handle(Socket client) throws IOException {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                String text = new String(buffer, 0, n, StandardCharsets.UTF_8); // BUG: bytes are not text
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
