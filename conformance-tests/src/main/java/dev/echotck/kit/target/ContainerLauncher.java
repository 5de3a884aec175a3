package dev.echotck.kit.target;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ulimit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts the containers of {@code --image} through Testcontainers, so that none outlives the kit.
 *
 * <p>How a container is run, and why:
 * <ul>
 *   <li>{@code --network host}: the kit talks to the server on 127.0.0.1 itself. A published port
 *       goes through docker-proxy, which accepts, resets and closes connections on the server's
 *       behalf: the kit would test the proxy.</li>
 *   <li>{@code --pid host}: the server is an ordinary process on this machine, not the init of a
 *       pid namespace (see {@link ContainerProcess}), so /proc, signals and exit statuses mean what
 *       they mean for --exec.</li>
 *   <li>RLIMIT_NOFILE through the container's ulimits when a check asks for an fd limit.</li>
 *   <li>No pull: an image missing locally is a one-line error, not a download that may hang.</li>
 * </ul>
 *
 * <p>Cleanup, because each layer covers a case the others miss: every container carries the label
 * {@value #RUN_LABEL} with this kit run's id. {@link ContainerProcess#close} stops and removes it
 * after its rule or run; a shutdown hook removes whatever is left with the label on normal exit
 * and on SIGINT/SIGTERM; and a guardian shell, holding a pipe from the kit, removes them with the
 * {@code docker} command when the pipe closes, which covers SIGKILL. Testcontainers' own reaper,
 * Ryuk, is a container from a registry image and is disabled (TESTCONTAINERS_RYUK_DISABLED).
 */
final class ContainerLauncher {

    static final String RUN_LABEL = "dev.echotck.run";
    static final String RUN_ID = UUID.randomUUID().toString();

    private static final String RYUK_DISABLED = "TESTCONTAINERS_RYUK_DISABLED";
    private static final String HOST_OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";
    private static final Set<ContainerProcess> LIVE = ConcurrentHashMap.newKeySet();

    private static DockerClient docker;
    private static TargetSetupException unreachable; // the first reason, repeated: later attempts say less
    private static Process guardian; // held so that its pipe stays open for the kit's whole life

    private ContainerLauncher() {
    }

    /** The Docker client, or a one-line reason why there is none. */
    static synchronized DockerClient docker() {
        if (docker != null) {
            return docker;
        }
        if (unreachable != null) {
            throw unreachable;
        }
        requireEnvironment();
        try {
            docker = DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            unreachable = new TargetSetupException("docker is not running: start dockerd, see README (" + firstLine(e) + ")");
            throw unreachable;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ContainerLauncher::removeAll, "echotck-container-reaper"));
        startGuardian();
        return docker;
    }

    /**
     * Testcontainers reads two settings from the environment only, and without them it blocks for
     * minutes on a machine without a registry: Ryuk is an image it pulls, and on a machine that
     * looks like a container (/.dockerenv) it runs another pulled image to find the Docker host's
     * address. ./echotck and the kit's own build set both; a user running the jar directly must.
     */
    private static void requireEnvironment() {
        if (!"true".equalsIgnoreCase(System.getenv(RYUK_DISABLED))) {
            throw new TargetSetupException("--image needs " + RYUK_DISABLED + "=true in the environment (echotck removes "
                    + "its containers itself; Testcontainers' Ryuk would pull an image): ./echotck sets it, see README");
        }
        if (Files.exists(Path.of("/.dockerenv")) && isBlank(System.getenv(HOST_OVERRIDE))) {
            throw new TargetSetupException("--image needs " + HOST_OVERRIDE + "=127.0.0.1 in the environment on this "
                    + "machine (/.dockerenv exists, so Testcontainers would pull an image to find the Docker host): "
                    + "./echotck sets it, see README");
        }
    }

    /** Checks what can be checked before anything starts: Docker, the image, where its port comes from. */
    static void validate(TargetSpec.Image spec) {
        fixedPort(spec);
    }

    /**
     * The port the server listens on when the kit cannot choose it: --container-port, else the one
     * TCP port the image EXPOSEs. 0 when the kit passes a free port through {@code {port}}.
     */
    static int fixedPort(TargetSpec.Image spec) {
        var image = inspectImage(spec.image());
        if (spec.port() > 0) {
            return spec.port();
        }
        if (spec.passesPort()) {
            return 0;
        }
        ExposedPort[] exposed = image.getConfig() == null ? null : image.getConfig().getExposedPorts();
        List<Integer> tcp = exposed == null ? List.of() : Arrays.stream(exposed)
                .filter(p -> p.getProtocol() == InternetProtocol.TCP).map(ExposedPort::getPort).sorted().toList();
        if (tcp.size() == 1) {
            return tcp.get(0);
        }
        throw new BadTargetException("the kit cannot tell which port the server in " + spec.image() + " listens on"
                + (tcp.isEmpty() ? "" : " (the image EXPOSEs " + tcp + ")") + ": put {port} in --container-cmd or in a "
                + "--container-env value (the kit then picks a free port), or give the port with --container-port");
    }

    private static com.github.dockerjava.api.command.InspectImageResponse inspectImage(String image) {
        try {
            return docker().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new TargetSetupException("image " + image + " is not in the local Docker: build or pull it first "
                    + "(echotck never pulls)");
        } catch (DockerException e) {
            throw new TargetSetupException("docker cannot inspect image " + image + ": " + firstLine(e));
        }
    }

    /** Starts a container of {@code spec} whose server is to listen on {@code port}; does not wait for it. */
    static ContainerProcess launch(TargetSpec.Image spec, int port, LaunchOptions options, String label) {
        DockerClient client = docker();
        String portText = Integer.toString(port);
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : spec.env()) {
            int equals = entry.indexOf('=');
            env.put(entry.substring(0, equals), entry.substring(equals + 1).replace(TargetSpec.PORT_PLACEHOLDER, portText));
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(spec.image()))
                .withNetworkMode("host")
                .withLabels(Map.of(RUN_LABEL, RUN_ID))
                .withEnv(env)
                .withImagePullPolicy(name -> false)
                .withStartupCheckStrategy(new StartedIsEnough())
                .waitingFor(new ReadinessProbeWaits())
                .withCreateContainerCmdModifier(cmd -> {
                    HostConfig host = cmd.getHostConfig();
                    host.withPidMode("host");
                    if (options.fdLimit() > 0) {
                        host.withUlimits(List.of(new Ulimit("nofile", (long) options.fdLimit(), (long) options.fdLimit())));
                    }
                });
        if (!spec.command().isEmpty()) {
            container.withCommand(CommandSplitter.words(spec.command().replace(TargetSpec.PORT_PLACEHOLDER, portText))
                    .toArray(String[]::new));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            Optional.ofNullable(container.getContainerId()).ifPresent(ContainerLauncher::removeQuietly);
            throw new TargetSetupException("docker could not start a container of " + spec.image() + ": " + rootCause(e));
        }
        InspectContainerResponse.ContainerState state = client.inspectContainerCmd(container.getContainerId()).exec().getState();
        long pid = state.getPidLong() == null ? 0 : state.getPidLong();
        ContainerProcess process = new ContainerProcess(label, container, client, pid, LIVE::remove);
        LIVE.add(process);
        if (pid > 0 && Boolean.TRUE.equals(state.getRunning())) {
            requireSameMachine(process);
        }
        return process;
    }

    /**
     * The kit reads the server's /proc and connects to it on 127.0.0.1, so dockerd must run this
     * machine's processes in this machine's network: not in Docker Desktop's VM, not on a remote
     * DOCKER_HOST, not with the kit itself inside another container.
     */
    private static void requireSameMachine(ContainerProcess process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        String why = null;
        try {
            if (!Files.readString(proc.resolve("cgroup")).contains(process.containerId())) {
                why = "pid " + process.pid() + " on this machine is not the container's process";
            } else if (!Files.readSymbolicLink(proc.resolve("ns/net")).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")))) {
                why = "the container's network is not this machine's";
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                why = "the container's process (pid " + process.pid() + ") is not visible in this machine's /proc";
            }
        }
        if (why != null) {
            process.close();
            throw new TargetSetupException(why + ": --image needs a Docker daemon running on this machine "
                    + "(not Docker Desktop's VM, a remote DOCKER_HOST, or a kit inside a container)");
        }
    }

    /**
     * A shell that waits for the end of a pipe held by the kit, then removes this run's containers.
     * Only the kernel closes the pipe after a SIGKILL, so this is what cleans up then.
     */
    private static void startGuardian() {
        Optional<Path> dockerCommand = onPath("docker");
        if (dockerCommand.isEmpty()) {
            System.err.println("echotck: no docker command on PATH: if the kit is killed with SIGKILL, remove its "
                    + "containers with the label " + RUN_LABEL + " yourself");
            return;
        }
        String filter = "label=" + RUN_LABEL + "=" + RUN_ID;
        String script = "trap '' INT TERM HUP; read _; ids=$(\"$0\" ps -aq --filter " + filter + "); "
                + "[ -z \"$ids\" ] || \"$0\" rm -f $ids >/dev/null 2>&1; exit 0";
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", script, dockerCommand.get().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // The guardian's docker command must talk to the daemon Testcontainers found.
        try {
            String host = DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
            if (host.startsWith("unix://") || host.startsWith("tcp://")) {
                builder.environment().put("DOCKER_HOST", host);
            }
        } catch (RuntimeException e) {
            // keep the environment's DOCKER_HOST, if any
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            builder.command().subList(0, 1).clear();
        }
        try {
            guardian = builder.start();
        } catch (IOException e) {
            System.err.println("echotck: cannot start the container guardian (" + e.getMessage() + ")");
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    /** Normal exit, Ctrl-C or SIGTERM: the live containers, then anything else carrying this run's label. */
    private static void removeAll() {
        for (ContainerProcess process : Set.copyOf(LIVE)) {
            process.kill();
        }
        try {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, RUN_ID)).exec()
                    .forEach(c -> removeQuietly(c.getId()));
        } catch (RuntimeException e) {
            // the guardian tries again once the JVM is gone
        }
    }

    static void removeQuietly(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException e) {
            // already gone
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return firstLine(cause);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The kit's {@link ReadinessProbe} waits for the server (by connecting), not Testcontainers. */
    private static final class ReadinessProbeWaits implements WaitStrategy {
        @Override
        public void waitUntilReady(WaitStrategyTarget target) {
        }

        @Override
        public WaitStrategy withStartupTimeout(Duration timeout) {
            return this;
        }
    }

    /** A server that exits at once is reported by the readiness probe, with its status and log. */
    private static final class StartedIsEnough extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String containerId) {
            return StartupStatus.SUCCESSFUL;
        }
    }
}
