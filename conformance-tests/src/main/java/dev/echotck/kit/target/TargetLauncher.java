package dev.echotck.kit.target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.opentest4j.TestAbortedException;

import dev.echotck.kit.process.FdLimit;
import dev.echotck.mutants.Mutant;
import dev.echotck.mutants.Mutants;
import dev.echotck.reference.ReferenceServers;
import dev.echotck.reference.ServerMain;

/** Brings a {@link TargetSpec} up: picks a port, starts the process or container, waits until it listens. */
public final class TargetLauncher {

    private final Duration startupBound;
    private final Path logDir;

    public TargetLauncher(Duration startupBound, Path logDir) {
        this.startupBound = startupBound;
        this.logDir = logDir;
    }

    RunningServer start(TargetSpec spec, LaunchOptions options) {
        if (spec instanceof TargetSpec.Connect connect) {
            InetSocketAddress address = new InetSocketAddress(connect.host(), connect.port());
            ReadinessProbe.awaitReachable(address, startupBound);
            return new RunningServer(spec, address, Optional.empty());
        }
        if (spec instanceof TargetSpec.Image image) {
            return startContainer(image, options);
        }
        int port = freeLoopbackPort();
        List<String> argv = argv(spec, port, options.steadyState());
        if (options.fdLimit() > 0) {
            if (!FdLimit.isAvailable()) {
                throw new TestAbortedException("needs util-linux prlimit to lower the server's fd limit");
            }
            argv = FdLimit.wrap(options.fdLimit(), argv);
        }
        LaunchedProcess process = ProcessLauncher.launch(argv, logDir, label(spec));
        return awaitListening(spec, process, port, "does it listen on the port passed as {port}?");
    }

    private RunningServer startContainer(TargetSpec.Image image, LaunchOptions options) {
        int fixed = ContainerLauncher.fixedPort(image);
        int port = fixed > 0 ? fixed : freeLoopbackPort();
        LaunchedProcess process = ContainerLauncher.launch(image, port, options, "image " + image.image());
        return awaitListening(image, process, port, fixed > 0
                ? "the container shares the host's network: does the server listen on 127.0.0.1 or 0.0.0.0, port " + port + "?"
                : "does it listen on the port the kit passed through {port}, on 127.0.0.1 or 0.0.0.0?");
    }

    private RunningServer awaitListening(TargetSpec spec, LaunchedProcess process, int port, String hint) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            ReadinessProbe.awaitListening(address, process, startupBound, hint);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new RunningServer(spec, address, Optional.of(process));
    }

    /**
     * Whether only one server of this target can run at a time: a container whose port is fixed
     * (--container-port, or the port its image EXPOSEs) shares the host's network, so a second
     * one could not bind. The pool then stops the shared server before starting a fresh one.
     */
    boolean runsOneAtATime(TargetSpec spec) {
        return spec instanceof TargetSpec.Image image && ContainerLauncher.fixedPort(image) > 0;
    }

    /** Checks what can be checked before anything starts, so a typo costs no startup wait. */
    public static void validate(TargetSpec spec) {
        switch (spec) {
            case TargetSpec.Reference r when !ReferenceServers.exists(r.name()) -> throw new BadTargetException(
                    "no reference server '" + r.name() + "' (known: " + String.join(", ", ReferenceServers.names()) + ")");
            case TargetSpec.Mutant m when Mutants.find(m.name()).isEmpty() -> throw new BadTargetException(
                    "no mutant '" + m.name() + "' (see: echotck mutants)");
            case TargetSpec.Mutant m when Mutants.find(m.name()).get().client() -> throw new BadTargetException(
                    "'" + m.name() + "' is a client mutant: check it with echotck run-client --mutant " + m.name());
            case TargetSpec.Image image -> ContainerLauncher.validate(image);
            default -> {
            }
        }
    }

    private static List<String> argv(TargetSpec spec, int port, boolean steadyState) {
        return switch (spec) {
            case TargetSpec.Exec exec -> CommandSplitter.argv(
                    exec.commandTemplate().replace(TargetSpec.PORT_PLACEHOLDER, Integer.toString(port)));
            case TargetSpec.Reference ref -> JavaServerCommand.of(ServerMain.class.getName(),
                    List.of(ServerMain.class, picocli.CommandLine.class),
                    List.of(ref.name(), "--port", Integer.toString(port)), steadyState);
            case TargetSpec.Mutant m -> {
                Mutant mutant = Mutants.find(m.name()).orElseThrow(() -> new BadTargetException("no mutant '" + m.name() + "'"));
                yield mutant.isNative()
                        ? List.of(NativeMutants.binary(mutant).toString(), Integer.toString(port))
                        : JavaServerCommand.of(Mutants.MAIN_CLASS,
                                List.of(Mutants.class, ServerMain.class, picocli.CommandLine.class),
                                List.of(mutant.name(), "--port", Integer.toString(port)), steadyState);
            }
            case TargetSpec.Connect c -> throw new IllegalStateException("nothing to launch for " + c);
            case TargetSpec.Image i -> throw new IllegalStateException("a container is not launched from an argv: " + i);
        };
    }

    private static String label(TargetSpec spec) {
        return switch (spec) {
            case TargetSpec.Reference r -> "reference-" + r.name();
            case TargetSpec.Mutant m -> "mutant-" + m.name();
            default -> "server";
        };
    }

    /**
     * A port that was free a moment ago. Another process could take it before the server binds;
     * the server then fails to start and the kit says so, rather than testing a stranger.
     */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TargetSetupException("no free loopback port: " + e.getMessage());
        }
    }
}
