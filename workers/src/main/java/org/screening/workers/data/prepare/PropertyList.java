package org.screening.workers.data.prepare;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An XML property list (Apple plist, as InVesalius writes) as plain Java values: dict to Map,
 * array to List, integer to Long, real to Double, true/false to Boolean, string/date/data to String.
 */
final class PropertyList {

  private PropertyList() {
  }

  static Object parse(byte[] xml, String source) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // The DOCTYPE names Apple's DTD by URL: never fetch it, the build has no network.
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      Element plist = builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
      Element root = children(plist).stream().findFirst()
          .orElseThrow(() -> new IOException(source + ": empty plist"));
      return value(root, source);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException(source + ": unreadable plist (" + e.getMessage() + ")", e);
    }
  }

  private static Object value(Element e, String source) throws IOException {
    String text = e.getTextContent().strip();
    try {
      return switch (e.getTagName()) {
        case "dict" -> dict(e, source);
        case "array" -> {
          List<Object> list = new ArrayList<>();
          for (Element child : children(e)) {
            list.add(value(child, source));
          }
          yield list;
        }
        case "integer" -> Long.parseLong(text);
        case "real" -> Double.parseDouble(text);
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        case "string", "date", "data" -> e.getTextContent();
        default -> throw new IOException(source + ": unknown plist element <" + e.getTagName() + ">");
      };
    } catch (NumberFormatException ex) {
      throw new IOException(source + ": bad number '" + text + "' in <" + e.getTagName() + ">", ex);
    }
  }

  private static Map<String, Object> dict(Element e, String source) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    List<Element> children = children(e);
    if (children.size() % 2 != 0) {
      throw new IOException(source + ": <dict> with a key and no value");
    }
    for (int i = 0; i < children.size(); i += 2) {
      if (!children.get(i).getTagName().equals("key")) {
        throw new IOException(source + ": <dict> entry without <key>");
      }
      map.put(children.get(i).getTextContent(), value(children.get(i + 1), source));
    }
    return map;
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        out.add(child);
      }
    }
    return out;
  }
}
