package dev.echotck.kit.rules;

import dev.echotck.kit.engine.RuleViolation;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.target.ServerUnderTest;

/**
 * Reads the server's process tree for a HYG check. A dead server has no threads, no fds and no
 * zombies; it must be reported as dead, never as having "returned to its baseline".
 */
final class TreeCapture {

    private TreeCapture() {
    }

    static ProcessTree of(ServerUnderTest server) {
        ProcessTree tree = server.launched().tree();
        if (tree.root().isEmpty() || tree.root().get().isZombie()) {
            throw RuleViolation.because("the server died during this check: "
                            + server.deathNotice().orElse("its process " + tree.rootPid() + " is gone"))
                    .likelyCause("something this check did (clients connecting and leaving) crashes your server")
                    .build();
        }
        return tree;
    }
}
