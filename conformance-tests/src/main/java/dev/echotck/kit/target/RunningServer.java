package dev.echotck.kit.target;

import java.net.InetSocketAddress;
import java.util.Optional;

/** A started target: an address, plus the process when the kit launched it. */
record RunningServer(TargetSpec spec, InetSocketAddress address, Optional<LaunchedProcess> process)
        implements ServerUnderTest, AutoCloseable {

    @Override
    public String describe() {
        return spec.describe() + " at " + address.getHostString() + ":" + address.getPort()
                + process.map(p -> " (pid " + p.pid() + ")").orElse("");
    }

    @Override
    public void close() {
        process.ifPresent(LaunchedProcess::close);
    }
}
