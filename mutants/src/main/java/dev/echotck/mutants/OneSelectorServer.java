package dev.echotck.mutants;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

import dev.echotck.reference.EchoServer;
import dev.echotck.reference.ServerOptions;

/**
 * What the one-thread event-loop mutants share and get right: a non-blocking listener on one
 * selector, and a stop that sets a flag and wakes the selector (no lost wake-up: the loop
 * checks the flag after every select). Each mutant writes its own loop and handlers, where its
 * bug is.
 */
abstract class OneSelectorServer implements EchoServer {

    protected final ServerOptions options;
    protected volatile boolean stopping;
    protected volatile Selector selector;
    protected ServerSocketChannel listener;
    /** The listener's key: a loop tells accepting from a client's readiness by it. */
    protected SelectionKey acceptKey;

    OneSelectorServer(ServerOptions options) {
        this.options = options;
    }

    @Override
    public final void bind() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 512);
        listener.configureBlocking(false);
        Selector s = Selector.open();
        acceptKey = listener.register(s, SelectionKey.OP_ACCEPT);
        selector = s;
    }

    @Override
    public final InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    @Override
    public final void stop() {
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /** Closes every channel still registered, the listener among them, and the selector. */
    protected final void closeAll() {
        selector.keys().forEach(key -> closeQuietly(key.channel()));
        closeQuietly(selector);
    }

    protected static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
