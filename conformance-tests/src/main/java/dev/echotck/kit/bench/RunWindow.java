package dev.echotck.kit.bench;

import java.util.Optional;

import dev.echotck.kit.process.CpuSampler;
import dev.echotck.kit.process.MachineCpu;
import dev.echotck.kit.process.ProcessTree;
import dev.echotck.kit.process.TreeMemory;
import dev.echotck.kit.target.LaunchedProcess;

/**
 * Samples, over a run's measured window, the CPU of the server's process tree, of the generator's
 * process and of the whole machine, and at its end the server's memory, processes and threads with
 * every connection open. On a small machine the CPU split says who was the bottleneck: a server
 * at 1.0 core with one loop is saturated, a generator near the machine's free cores is the limit,
 * and a large "other" means someone else was using the machine.
 */
final class RunWindow implements Window {

    private final Optional<LaunchedProcess> server;
    private Optional<CpuSampler> serverCpu = Optional.empty();
    private CpuSampler generatorCpu;
    private MachineCpu machine;
    double serverCores = Double.NaN;
    double generatorCores = Double.NaN;
    double machineCores = Double.NaN;
    long loadedBytes = -1;
    int serverProcesses;
    int serverThreads;

    RunWindow(Optional<LaunchedProcess> server) {
        this.server = server;
    }

    @Override
    public void opened(long generatorPid) {
        machine = MachineCpu.start();
        generatorCpu = CpuSampler.startProcess(generatorPid);
        serverCpu = server.map(p -> CpuSampler.start(p.pid()));
    }

    @Override
    public void closed() {
        if (machine == null) {
            return; // the generator failed before the window opened
        }
        machineCores = machine.busyCoresSinceStart();
        generatorCores = generatorCpu.sinceStart().coreFraction();
        serverCores = serverCpu.map(s -> s.sinceStart().coreFraction()).orElse(Double.NaN);
        server.ifPresent(p -> {
            loadedBytes = TreeMemory.proportionalBytes(p.pid());
            ProcessTree tree = ProcessTree.capture(p.pid());
            serverProcesses = tree.size();
            serverThreads = tree.totalThreads();
        });
    }
}
