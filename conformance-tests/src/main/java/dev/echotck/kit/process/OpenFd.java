package dev.echotck.kit.process;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One open file descriptor of a process and what it points at, as {@code /proc/PID/fd/N} shows it:
 * a path, {@code socket:[INODE]}, {@code pipe:[INODE]}, {@code anon_inode:[eventpoll]}, ...
 *
 * <p>The target is kept, not just the count, because "fd 57 -> socket:[81234]" is the evidence
 * a leak report needs.
 */
public record OpenFd(int fd, String target) {

    private static final String SOCKET_PREFIX = "socket:[";

    public boolean isSocket() {
        return target.startsWith(SOCKET_PREFIX);
    }

    /** The socket's inode, the key that /proc/net/tcp and /proc/net/tcp6 list it under. */
    public OptionalLong socketInode() {
        if (!isSocket() || !target.endsWith("]")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(target.substring(SOCKET_PREFIX.length(), target.length() - 1)));
    }

    /**
     * The descriptors {@code pid} has open, sorted by number. A zombie has none (the kernel freed its
     * table at exit). Empty if the table can't be read: the process is gone, or it belongs to another
     * user or made itself non-dumpable. Fds closed while we read are left out.
     */
    public static Optional<List<OpenFd>> list(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid), "fd");
        List<OpenFd> fds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                readTarget(entry).ifPresent(target ->
                        fds.add(new OpenFd(Integer.parseInt(entry.getFileName().toString()), target)));
            }
        } catch (IOException | DirectoryIteratorException e) {
            return Optional.empty();
        }
        fds.sort(Comparator.comparingInt(OpenFd::fd));
        return Optional.of(List.copyOf(fds));
    }

    private static Optional<String> readTarget(Path fdLink) {
        try {
            return Optional.of(Files.readSymbolicLink(fdLink).toString());
        } catch (IOException e) {
            return Optional.empty(); // closed between listing and readlink
        }
    }
}
