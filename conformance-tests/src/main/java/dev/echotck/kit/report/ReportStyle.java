package dev.echotck.kit.report;

import java.util.Locale;

/**
 * What the two HTML pages share: the page frame (no network: a Content-Security-Policy that allows
 * nothing but the inline style, so a page that tried to load anything would say so in the
 * browser's console), the stylesheet, and how a verdict looks. A verdict is always a word and a
 * symbol; its colour only repeats them, for readers who cannot see it and for black-and-white
 * printouts.
 */
final class ReportStyle {

    private ReportStyle() {
    }

    static String head(String title) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
                <meta name="generator" content="echotck %s">
                <title>%s</title>
                <style>%s</style>
                </head>
                """.formatted(JsonReport.VERSION, Html.text(title), CSS);
    }

    /** {@code <span class="verdict fail">✗ FAIL</span>}: word, symbol and colour. */
    static String badge(String verdict) {
        return "<span class=\"verdict " + cssClass(verdict) + "\">" + symbol(verdict) + " " + Html.text(verdict) + "</span>";
    }

    static String cssClass(String verdict) {
        return switch (verdict) {
            case "PASS", "FAIL", "SKIP", "ERROR" -> verdict.toLowerCase(Locale.ROOT);
            default -> "none";
        };
    }

    static String symbol(String verdict) {
        return switch (verdict) {
            case "PASS" -> "✓";
            case "FAIL" -> "✗";
            case "SKIP" -> "–";
            case "ERROR" -> "!";
            default -> "·";
        };
    }

    static final String CSS = """
            :root {
              --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --soft: #f6f8fa; --line: #d0d7de; --link: #0550ae;
              --pass: #116329; --pass-bg: #dafbe1; --fail: #b3261e; --fail-bg: #ffebe9;
              --skip: #57606a; --skip-bg: #eaeef2; --error: #7d4e00; --error-bg: #fff1c2;
              --cause: #9a6700; --cause-bg: #fff8c5; --accent: #0969da;
              --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
            }
            * { box-sizing: border-box; }
            .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
            html { -webkit-text-size-adjust: 100%; }
            body { margin: 0; color: var(--fg); background: var(--bg);
              font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 76rem; margin: 0 auto; padding: 1.2rem 1.25rem 3rem; }
            a { color: var(--link); }
            h1 { font-size: 1.55rem; line-height: 1.25; margin: .1rem 0 .6rem; overflow-wrap: anywhere; }
            h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
            h3 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; display: flex; flex-wrap: wrap; gap: .2rem .6rem; align-items: baseline; }
            h3 .topic { font-weight: normal; color: var(--muted); }
            h3 .tally { font-weight: normal; font-size: .85rem; color: var(--muted); margin-left: auto; }
            h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 1.1rem 0 .3rem; }
            code { font-family: var(--mono); font-size: .88em; background: var(--soft); padding: .05em .3em; border-radius: .25em; }
            .kicker { margin: 0; color: var(--muted); font-size: .9rem; }
            .verdict { display: inline-block; min-width: 5.3em; padding: .1em .5em; border: 1px solid currentColor; border-radius: .35em;
              font-weight: 700; font-size: .78rem; letter-spacing: .03em; text-align: center; white-space: nowrap; line-height: 1.5; }
            .verdict.pass { color: var(--pass); background: var(--pass-bg); }
            .verdict.fail { color: var(--fail); background: var(--fail-bg); }
            .verdict.skip { color: var(--skip); background: var(--skip-bg); }
            .verdict.error { color: var(--error); background: var(--error-bg); }
            .verdict.none { color: var(--muted); background: transparent; border-style: dashed; }
            .outcome { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .8rem 1rem; border-radius: .5rem;
              border: 1px solid var(--line); border-left-width: .45rem; margin: .8rem 0; }
            .outcome.pass { border-left-color: var(--pass); background: var(--pass-bg); }
            .outcome.fail { border-left-color: var(--fail); background: var(--fail-bg); }
            .outcome.error { border-left-color: var(--error); background: var(--error-bg); }
            .outcome .headline { font-size: 1.15rem; font-weight: 700; }
            .outcome .headline .sym { font-size: 1.3rem; margin-right: .3rem; }
            .counts { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0; padding: 0; list-style: none; }
            .counts li { padding: .15rem .6rem; border-radius: 1rem; border: 1px solid var(--line); background: var(--bg); font-size: .9rem; }
            .counts b { font-size: 1rem; }
            .facts { display: flex; flex-wrap: wrap; gap: .2rem 1.8rem; margin: .8rem 0; }
            .facts div { display: flex; gap: .45rem; }
            .facts dt { color: var(--muted); }
            .facts dd { margin: 0; overflow-wrap: anywhere; }
            pre.cmd { margin: .3rem 0 0; padding: .55rem .75rem; background: var(--soft); border: 1px solid var(--line); border-radius: .4rem;
              font-family: var(--mono); font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
            pre.cmd code { background: none; padding: 0; font-size: inherit; }
            .banner { padding: .7rem 1rem; border: 2px solid var(--error); background: var(--error-bg); border-radius: .5rem; }
            nav.jump { margin: 1rem 0; }
            nav.jump ul { margin: .3rem 0; padding: 0; list-style: none; display: flex; flex-direction: column; gap: .25rem; }
            nav.jump li { display: flex; gap: .6rem; align-items: baseline; }
            .filters { margin: 1rem 0 .2rem; padding: .45rem .7rem; background: var(--soft); border-radius: .4rem; display: flex; flex-wrap: wrap; gap: .3rem 1.5rem; }
            .filters label { cursor: pointer; }
            details.rule { border: 1px solid var(--line); border-left: .4rem solid var(--skip); border-radius: .4rem; margin: .35rem 0; background: var(--bg); }
            details.rule.pass { border-left-color: var(--pass); }
            details.rule.fail { border-left-color: var(--fail); }
            details.rule.error { border-left-color: var(--error); }
            details.rule:target { outline: 3px solid var(--accent); outline-offset: 2px; }
            details.rule > summary { display: grid; grid-template-columns: 6.3rem 5.6rem 4.6rem minmax(0, 1fr) 4.5rem; gap: .2rem .7rem;
              align-items: baseline; padding: .45rem .75rem; cursor: pointer; list-style: none; }
            details.rule > summary::-webkit-details-marker { display: none; }
            details.rule > summary:hover { background: var(--soft); }
            details.rule > summary:focus-visible { outline: 2px solid var(--accent); }
            summary .id { font-weight: 700; font-family: var(--mono); font-size: .9rem; white-space: nowrap; }
            summary .id::before { content: "▸"; display: inline-block; width: 1em; color: var(--muted); }
            details[open] > summary .id::before { content: "▾"; }
            summary .level { font-size: .75rem; font-weight: 600; letter-spacing: .04em; color: var(--muted); }
            summary .time { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; font-size: .9rem; }
            summary .reason { grid-column: 4 / -1; color: var(--muted); font-size: .9rem; }
            .rule-body { padding: .2rem 1rem 1rem 1.2rem; border-top: 1px solid var(--line); }
            .rule-body > :first-child { margin-top: .7rem; }
            .seen { font-size: 1.05rem; font-weight: 600; margin: .8rem 0 .5rem; }
            .cause { margin: .6rem 0; padding: .55rem .8rem; border-left: .3rem solid var(--cause); background: var(--cause-bg); border-radius: 0 .35rem .35rem 0; }
            .cause strong:first-child { display: block; font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--cause); }
            .evidence { margin: .3rem 0; padding: .6rem .8rem; background: var(--soft); border: 1px solid var(--line); border-radius: .4rem;
              font-family: var(--mono); font-size: .8rem; line-height: 1.5; overflow-x: auto; }
            .evidence .l { display: block; white-space: pre-wrap; overflow-wrap: anywhere; padding-left: 2ch; text-indent: -2ch; min-height: 1.2em; }
            .evidence .l.keep { white-space: pre; overflow-wrap: normal; padding-left: 0; text-indent: 0; }
            .evidence mark { background: var(--fail-bg); color: var(--fail); font-weight: 700; outline: 1px solid var(--fail); border-radius: 2px; }
            .statement p, .why p { margin: .3rem 0 .5rem; }
            .hints { margin: .2rem 0; padding-left: 1.3rem; }
            .hints li { margin: .2rem 0; }
            .mutants { margin: .2rem 0; padding-left: 1.3rem; }
            .mutants li { margin: .35rem 0; }
            .mutants .fix { color: var(--muted); }
            details.why > summary, details.as-list > summary { cursor: pointer; color: var(--link); font-size: .9rem; margin: .6rem 0 .2rem; }
            figure.figure { margin: .8rem 0 1rem; }
            .figure-scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: .4rem; background: var(--bg); }
            svg.chart { display: block; width: 100%; min-width: 36rem; height: auto; font-family: inherit; }
            figcaption { font-size: .85rem; color: var(--muted); margin-top: .35rem; }
            figcaption strong { color: var(--fg); }
            svg .grid { stroke: #eaeef2; stroke-width: 1; }
            svg text { paint-order: stroke; stroke: var(--bg); stroke-width: 3px; stroke-linejoin: round; }
            svg .axis { stroke: #8c959f; stroke-width: 1; }
            svg .tick { font-size: 11px; fill: var(--muted); }
            svg .axis-title { font-size: 11px; fill: var(--muted); }
            svg .series { fill: none; stroke: var(--accent); stroke-width: 2; stroke-linejoin: round; }
            svg .dot { fill: var(--accent); }
            svg .value-label { font-size: 11.5px; font-weight: 700; fill: var(--fg); }
            svg .mark { stroke: #6e7781; stroke-width: 1; stroke-dasharray: 2 3; }
            svg .mark-label { font-size: 11px; fill: var(--fg); }
            svg .limit { stroke: var(--cause); stroke-width: 1.5; stroke-dasharray: 7 4; }
            svg .limit-label { font-size: 11.5px; fill: var(--cause); font-weight: 600; }
            svg .lane { font-size: 12px; font-weight: 600; fill: var(--fg); }
            svg .lane-sep { stroke: #eaeef2; }
            svg .span.neutral { fill: #afb8c1; }
            svg .span.good { fill: #4ac26b; }
            svg .span.bad { stroke: var(--fail); stroke-width: 1; }
            svg .hatch-bg { fill: var(--fail-bg); }
            svg .hatch-line { stroke: var(--fail); stroke-width: 2.5; }
            svg .open-end { fill: #6e7781; }
            svg .open-end.bad { fill: var(--fail); }
            svg .marker.neutral { fill: var(--bg); stroke: var(--fg); stroke-width: 1.8; }
            svg .marker.good { fill: var(--pass); stroke: var(--bg); stroke-width: 1; }
            svg .marker.bad { stroke: var(--fail); stroke-width: 3; stroke-linecap: round; fill: none; }
            svg .leader { stroke: #d0d7de; stroke-width: 1; }
            svg .event-label { font-size: 11px; fill: var(--fg); }
            svg .event-label.bad { fill: var(--fail); font-weight: 700; }
            svg .event-label.good { fill: var(--pass); font-weight: 600; }
            svg .span-label { font-style: italic; fill: var(--muted); }
            svg .span-label.bad { fill: var(--fail); }
            details.as-list table { border-collapse: collapse; font-size: .85rem; margin-top: .3rem; }
            details.as-list td, details.as-list th { text-align: left; padding: .1rem .8rem .1rem 0; vertical-align: top; }
            details.as-list td:first-child { font-variant-numeric: tabular-nums; white-space: nowrap; }
            details.as-list tr.bad td { color: var(--fail); }
            footer { margin-top: 2.5rem; padding-top: .8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
            footer dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; }
            footer dd { margin: 0; }
            /* the matrix page */
            table.runs { border-collapse: collapse; width: 100%; font-size: .9rem; }
            table.runs th, table.runs td { text-align: left; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
            table.runs td.target { overflow-wrap: anywhere; }
            .table-scroll { overflow: auto; max-height: 85vh; border: 1px solid var(--line); border-radius: .4rem; }
            table.matrix { border-collapse: separate; border-spacing: 0; font-size: .85rem; }
            table.matrix th, table.matrix td { border-bottom: 1px solid var(--line); border-right: 1px solid var(--line); padding: .25rem .35rem; background: var(--bg); }
            table.matrix thead th { position: sticky; top: 0; z-index: 2; vertical-align: bottom; background: var(--soft); }
            table.matrix thead th.run { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; white-space: normal;
              overflow-wrap: anywhere; max-height: 13rem; font-weight: 600; font-size: .8rem; line-height: 1.2; padding: .5rem .3rem; }
            table.matrix thead th.run a { text-decoration: none; color: var(--fg); }
            main.wide { max-width: none; }
            table.matrix th.rule { position: sticky; left: 0; z-index: 1; text-align: left; font-weight: normal; min-width: 15rem; max-width: 24rem; }
            table.matrix thead th.rule { z-index: 3; }
            table.matrix th.rule .rid { font-family: var(--mono); font-weight: 700; margin-right: .4rem; white-space: nowrap; }
            table.matrix th.rule .rlevel { font-size: .7rem; color: var(--muted); margin-right: .4rem; }
            table.matrix th.rule .rtitle { color: var(--muted); }
            table.matrix tr.family th { text-align: left; background: var(--soft); font-size: .85rem; position: sticky; left: 0; }
            table.matrix td.cell { text-align: center; padding: .15rem; min-width: 3.6rem; }
            table.matrix td.cell a, table.matrix td.cell span.v { display: block; padding: .15rem .2rem; border-radius: .25rem; text-decoration: none;
              font-weight: 700; font-size: .72rem; white-space: nowrap; border: 1px solid transparent; }
            td.cell .pass { color: var(--pass); font-weight: 600; }
            td.cell .fail { color: var(--fail); background: var(--fail-bg); border-color: var(--fail) !important; }
            td.cell .skip { color: var(--skip); background: var(--skip-bg); }
            td.cell .error { color: var(--error); background: var(--error-bg); border-color: var(--error) !important; }
            td.cell .none { color: var(--muted); font-weight: normal; }
            td.cell a:hover, td.cell a:focus-visible { outline: 2px solid var(--accent); }
            table.matrix td.count { text-align: right; color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.matrix tr.differs th.rule { box-shadow: inset .3rem 0 0 var(--cause); }
            table.matrix tfoot td, table.matrix tfoot th { font-size: .78rem; text-align: center; color: var(--muted); }
            .legend { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: center; margin: .5rem 0; }
            main:has(#problems-only:checked) details.rule.pass,
            main:has(#problems-only:checked) details.rule.skip,
            main:has(#problems-only:checked) section.family:not(:has(details.fail, details.error)) { display: none; }
            main:has(#differs-only:checked) table.matrix tbody tr.rule-row:not(.differs),
            main:has(#failing-only:checked) table.matrix tbody tr.rule-row:not(.failing) { display: none; }
            @media (max-width: 44rem) {
              main { padding: .8rem .7rem 2rem; }
              h1 { font-size: 1.25rem; }
              details.rule > summary { grid-template-columns: auto auto minmax(0, 1fr) auto; }
              summary .verdict { min-width: 0; }
              summary .title, summary .reason { grid-column: 1 / -1; }
              summary .time { grid-row: 1; grid-column: 4; }
              .rule-body { padding: .2rem .7rem .8rem; }
              .facts { gap: .2rem 1.2rem; }
              table.matrix th.rule { min-width: 8rem; }
              table.matrix th.rule .rtitle { display: none; }
            }
            @media print {
              body { font-size: 10pt; }
              main { max-width: none; padding: 0; }
              .filters, nav.jump, details.as-list > summary { display: none; }
              a { color: inherit; text-decoration: none; }
              details.rule { break-inside: avoid; border-left-width: .25rem; }
              details.rule[open] { break-inside: auto; }
              figure.figure, .evidence, .cause { break-inside: avoid; }
              .figure-scroll, .evidence, .table-scroll { overflow: visible; max-height: none; }
              svg.chart { min-width: 0; }
              .verdict, td.cell a, td.cell span.v { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
              table.matrix thead th, table.matrix th.rule { position: static; }
            }
            """;
}
