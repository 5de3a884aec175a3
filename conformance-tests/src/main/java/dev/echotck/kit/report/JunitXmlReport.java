package dev.echotck.kit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.echotck.kit.engine.RuleOutcome;
import dev.echotck.kit.engine.RunResult;
import dev.echotck.kit.engine.Verdict;

/**
 * {@code junit.xml}: one testcase per rule, named by its id and title. A broken rule is a
 * {@code <failure>} (the server failed), an {@code <error>} only when the kit could not check,
 * a skip is {@code <skipped>}: h2spec's report gets both of the first two wrong. SHOULD failures
 * that do not count (no --strict) are still failures here, with the level in the classname, so a
 * CI dashboard shows them; the exit code is what gates.
 */
public final class JunitXmlReport {

    private JunitXmlReport() {
    }

    public static void write(RunResult result, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "echotck " + result.target());
            xml.writeAttribute("tests", Integer.toString(result.outcomes().size()));
            xml.writeAttribute("failures", Long.toString(result.count(Verdict.FAIL)));
            xml.writeAttribute("errors", Long.toString(result.count(Verdict.ERROR)));
            xml.writeAttribute("skipped", Long.toString(result.count(Verdict.SKIP)));
            xml.writeAttribute("time", secs(result.duration().toMillis()));
            xml.writeAttribute("timestamp", Instant.now().toString());
            xml.writeCharacters("\n");
            xml.writeStartElement("properties");
            property(xml, "seed", Long.toString(result.seed()));
            property(xml, "timeoutScale", Double.toString(result.timeoutScale()));
            property(xml, "strict", Boolean.toString(result.strict()));
            xml.writeEndElement();
            xml.writeCharacters("\n");
            for (RuleOutcome o : result.outcomes()) {
                testcase(xml, o);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void testcase(XMLStreamWriter xml, RuleOutcome o) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", o.rule().id() + " " + o.rule().title());
        xml.writeAttribute("classname", "echotck." + o.rule().family().name() + "." + o.rule().level().name().toLowerCase(Locale.ROOT));
        xml.writeAttribute("time", secs(o.duration().toMillis()));
        String firstLine = o.evidence().lines().findFirst().orElse("");
        switch (o.verdict()) {
            case FAIL -> element(xml, "failure", firstLine, "RuleViolation", o.evidence());
            case ERROR -> element(xml, "error", firstLine, "KitError", o.evidence());
            case SKIP -> {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", xmlSafe(firstLine));
            }
            case PASS -> {
            }
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static void element(XMLStreamWriter xml, String name, String message, String type, String body)
            throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", xmlSafe(message));
        xml.writeAttribute("type", type);
        xml.writeCharacters(xmlSafe(body));
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    /** XML 1.0 forbids most control characters; a server's stderr in the evidence may hold some. */
    static String xmlSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(
                c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) ? c : '?'));
        return safe.toString();
    }

    private static String secs(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
