package dev.echotck.kit.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port the kit holds bound but not listening: a connection to it is refused at once
 * (the kernel answers the SYN with a reset), and no other process can take the port while the
 * check runs, as it could take a port that was merely free a moment ago.
 */
public final class RefusedPort implements AutoCloseable {

    private final Socket bound = new Socket();

    public RefusedPort() throws IOException {
        bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) bound.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
        bound.close();
    }
}
