package ovload.report.gates;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import ovload.recording.RunOutcome;
import ovload.support.PythonFormat;

/**
 * {@code gates.xml}: JUnit XML, one test case per gate with its threshold and measured value, for CI;
 * a partial run (aborted or interrupted) adds one failing case, so that CI never reads it as green.
 */
public final class GatesXmlWriter {
  private GatesXmlWriter() {}

  public static void write(List<GateResult> results, RunOutcome outcome, Path file) throws IOException {
    int partial = outcome.partial() ? 1 : 0;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "ovload gates");
      xml.writeAttribute("tests", Integer.toString(results.size() + partial));
      xml.writeAttribute("failures", Long.toString(results.stream().filter(GateResult::failed).count() + partial));
      xml.writeAttribute("skipped", Long.toString(results.stream().filter(r -> r.skipped() != null).count()));
      xml.writeAttribute("errors", "0");
      if (outcome.partial()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "ovload.run");
        xml.writeAttribute("name", "the run completed its workload");
        xml.writeStartElement("failure");
        xml.writeAttribute("message", "the run was " + outcome.outcome() + ": " + outcome.reason()
            + "; the gates below cover only what ran");
        xml.writeEndElement();
        xml.writeEndElement();
      }
      for (GateResult r : results) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "ovload.gates." + r.gate().adapter());
        xml.writeAttribute("name", r.gate().name());
        xml.writeStartElement("properties");
        property(xml, "threshold", PythonFormat.repr(r.gate().threshold()));
        property(xml, "measured", r.measured() == null ? "" : PythonFormat.repr(PythonFormat.round(r.measured(), 4)));
        xml.writeEndElement();
        if (r.skipped() != null) {
          xml.writeStartElement("skipped");
          xml.writeAttribute("message", r.skipped());
          xml.writeEndElement();
        } else if (r.failed()) {
          xml.writeStartElement("failure");
          xml.writeAttribute("message", r.gate().adapter() + " " + r.gate().operation() + " " + r.gate().metric() + " = "
              + PythonFormat.repr(PythonFormat.round(r.measured(), 4)) + ", above the ceiling " + PythonFormat.repr(r.gate().threshold()));
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", value);
  }
}
