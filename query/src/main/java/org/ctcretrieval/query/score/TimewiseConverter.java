package org.ctcretrieval.query.score;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ctcretrieval.common.InputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Converts a {@code score-timewise} MusicXML document (measures containing parts) into the equivalent
 * {@code score-partwise} document (parts containing measures), as the official timewise-to-partwise XSLT does:
 * header elements are kept, each {@code <part>} of each {@code <measure>} becomes a {@code <measure>} of that part
 * carrying the measure's attributes.
 */
final class TimewiseConverter {
    private TimewiseConverter() {}

    static Document toPartwise(Document timewise, Path file) throws InputException {
        Element src = timewise.getDocumentElement();
        Document out = src.getOwnerDocument().getImplementation().createDocument(null, "score-partwise", null);
        Element root = out.getDocumentElement();
        Map<String, Element> parts = new LinkedHashMap<>();
        List<Element> measures = new ArrayList<>();
        for (Element e : MusicXmlReader.children(src, null)) {
            if (e.getTagName().equals("measure")) {
                measures.add(e);
            } else {
                root.appendChild(out.importNode(e, true));
            }
        }
        Element partList = MusicXmlReader.child(src, "part-list");
        if (partList != null) {
            for (Element sp : MusicXmlReader.children(partList, "score-part")) {
                parts.computeIfAbsent(sp.getAttribute("id"), id -> newPart(out, id));
            }
        }
        for (Element m : measures) {
            for (Element p : MusicXmlReader.children(m, "part")) {
                Element part = parts.computeIfAbsent(p.getAttribute("id"), id -> newPart(out, id));
                Element measure = out.createElement("measure");
                NamedNodeMap attrs = m.getAttributes();
                for (int i = 0; i < attrs.getLength(); i++) {
                    measure.setAttribute(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
                }
                for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
                    measure.appendChild(out.importNode(n, true));
                }
                part.appendChild(measure);
            }
        }
        if (measures.isEmpty()) throw new InputException(file, "timewise MusicXML score has no <measure>");
        for (Element part : parts.values()) root.appendChild(part);
        return out;
    }

    private static Element newPart(Document doc, String id) {
        Element part = doc.createElement("part");
        part.setAttribute("id", id);
        return part;
    }
}
