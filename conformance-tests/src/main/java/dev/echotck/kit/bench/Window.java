package dev.echotck.kit.bench;

/**
 * Told by a generator when its measured window opens and closes, so that the CPU of the server,
 * of the generator and of the machine is sampled over the same span as the operations.
 */
interface Window {

    /** @param generatorPid the process generating the load: the kit itself, or the C generator */
    void opened(long generatorPid);

    void closed();
}
