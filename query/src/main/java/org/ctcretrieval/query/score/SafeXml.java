package org.ctcretrieval.query.score;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.ctcretrieval.common.InputException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A DOM parser hardened against hostile XML, following the OWASP XXE prevention guidance for JAXP.
 *
 * <p>A DOCTYPE is allowed (MusicXML files declare one) but never loaded: external DTDs, external general and
 * parameter entities, XInclude and schema access are all off, every entity resolution returns an empty document,
 * and JAXP secure processing limits internal entity expansion (billion-laughs).
 */
final class SafeXml {
    private SafeXml() {}

    /**
     * Parses {@code bytes} as XML.
     *
     * @param file  the file reported in errors
     * @param where the part of the file parsed, e.g. a zip entry name, or {@code null} for the whole file
     * @throws InputException on malformed XML, with line and column
     */
    static Document parse(byte[] bytes, Path file, String where) throws InputException {
        String place = where == null ? "" : where + ", ";
        try {
            DocumentBuilder builder = newFactory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            builder.setErrorHandler(new ErrorHandler() {
                @Override public void warning(SAXParseException e) {}
                @Override public void error(SAXParseException e) {}
                @Override public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (SAXParseException e) {
            throw new InputException(file, "malformed XML (" + place + "line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + "): " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new InputException(file, "malformed XML (" + place.replaceAll(", $", "") + "): " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read XML" + (where == null ? "" : " " + where) + ": "
                    + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened: " + e.getMessage(), e);
        }
    }

    private static DocumentBuilderFactory newFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }
}
