package org.screening.gateway.ingest;

import java.util.Locale;

/** The media types frame submission understands. */
final class MediaTypes {

  static final String PNG = "image/png";
  static final String JPEG = "image/jpeg";
  static final String RAW = "application/octet-stream";
  static final String MULTIPART = "multipart/form-data";

  private MediaTypes() {}

  /** {@code Image/PNG; charset=x} becomes {@code image/png}; null stays null. */
  static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  static boolean isImage(String mediaType) {
    return PNG.equals(mediaType) || JPEG.equals(mediaType) || RAW.equals(mediaType);
  }
}
