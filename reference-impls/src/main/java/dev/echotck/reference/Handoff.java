package dev.echotck.reference;

import java.util.function.Consumer;

/**
 * An accepted connection on its way to the thread that will serve it: the task that thread runs.
 * Seed 000's {@code pthread_create(..., serve_connection, &client_fd)} done right.
 *
 * <ul>
 *   <li><b>Ownership.</b> Each connection gets a Handoff of its own and the connection travels
 *       inside it. The seed passes the address of one variable that the next {@code accept}
 *       overwrites, so two threads may serve the same connection and one is never served
 *       (race-tests probe Topic_01).</li>
 *   <li><b>Publication.</b> A record's fields are final and set before anyone can see the
 *       record: a thread that gets hold of a Handoff, even through a racy field, sees its
 *       connection, never a default. A connection's state made visible before it is set up is
 *       the bug of probe Topic_06.</li>
 * </ul>
 *
 * @param connection the accepted connection, owned by the thread that runs this task
 * @param serve      what that thread does with it
 */
public record Handoff<C>(C connection, Consumer<? super C> serve) implements Runnable {

    @Override
    public void run() {
        serve.accept(connection);
    }
}
