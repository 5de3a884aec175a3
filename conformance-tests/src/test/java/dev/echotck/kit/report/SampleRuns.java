package dev.echotck.kit.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.echotck.kit.engine.Figure;
import dev.echotck.kit.engine.Figure.Tone;
import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;
import dev.echotck.spec.RuleCatalog;

/** A run result with one of each verdict, built by hand, for the report tests that need no server. */
final class SampleRuns {

    static final String HOSTILE = "<script>alert('x')</script> & \u0007bell";

    private SampleRuns() {
    }

    static RunResult mixed() {
        RuleCatalog catalog = RuleCatalog.standard();
        Figure.Series fds = new Figure.Series("open file descriptors of the server over time", "open file descriptors",
                List.of(new Figure.Point(0, 12), new Figure.Point(200, 28), new Figure.Point(5200, 28), new Figure.Point(5600, 44)),
                List.of(new Figure.Mark(100, "round 1"), new Figure.Mark(300, "left")),
                List.of(new Figure.Threshold(13, "allowed: baseline 12 + 1")));
        Figure.Timeline stop = new Figure.Timeline("3 idle clients, then SIGTERM", List.of("kit", "server", "client 1"),
                List.of(new Figure.Event("client 1", 20, "line echoed", Tone.NEUTRAL),
                        new Figure.Event("kit", 40, "SIGTERM", Tone.NEUTRAL),
                        new Figure.Event("kit", 5040, "gave up: no exit within 5 s", Tone.BAD)),
                List.of(new Figure.Span("server", 0, 40, "running", Tone.NEUTRAL, false),
                        new Figure.Span("server", 40, 5040, "still running after SIGTERM", Tone.BAD, true)));
        return new RunResult("mutant: sample", "run --mutant sample", 42, 1.0, false, List.of(
                new RuleOutcome(catalog.get("ECHO-1"), Verdict.FAIL, String.join("\n",
                        "the 512-byte block came back changed",
                        "sent 512 bytes, got back 2; first difference at offset 0",
                        "    expected @0: [00] 01 02 03 04 05 06 07 08",
                        "    actual   @0: [CE] E1",
                        "the server's stderr: " + HOSTILE,
                        "Likely cause: your server stops at the first 0x00 byte (strlen)"), Duration.ofMillis(812)),
                new RuleOutcome(catalog.get("ECHO-5"), Verdict.PASS, "", Duration.ofMillis(15)),
                new RuleOutcome(catalog.get("SHUT-2"), Verdict.FAIL, String.join("\n",
                        "the server was still running 5 s after SIGTERM while 3 clients were connected and idle",
                        "Likely cause: your server's threads are blocked in read and nothing wakes them"),
                        Duration.ofMillis(5600), List.of(stop)),
                new RuleOutcome(catalog.get("SHUT-7"), Verdict.SKIP,
                        "needs a server the kit launches (--exec, --image, --reference or --mutant); skipped for --connect",
                        Duration.ZERO),
                new RuleOutcome(catalog.get("HYG-2"), Verdict.PASS, "", Duration.ofMillis(1400), List.of(fds)),
                new RuleOutcome(catalog.get("HYG-3"), Verdict.ERROR,
                        "the kit could not complete this check: java.lang.IllegalStateException: boom", Duration.ofMillis(3))),
                Optional.empty(), Duration.ofMillis(7830), "--profile full --only ECHO-1,ECHO-5,SHUT-2,SHUT-7,HYG-2,HYG-3");
    }
}
