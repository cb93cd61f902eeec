package org.screening.workers.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A CSV file with a header line, read whole; fields may be double-quoted (RFC 4180). */
final class CsvTable {

  private final Path file;
  private final List<String> header;
  private final List<Row> rows;

  /** One data line: its 1-based line number in the file (for messages) and its fields. */
  record Row(int line, List<String> fields) {
  }

  private CsvTable(Path file, List<String> header, List<Row> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  static CsvTable read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": metadata file not found");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IOException(file + ": no header line");
    }
    List<String> header = fields(stripByteOrderMark(lines.get(0)));
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> fields = fields(lines.get(i));
      if (fields.size() < header.size()) {
        throw new IOException(file + ": line " + (i + 1) + " has " + fields.size() + " fields, the header "
            + header.size());
      }
      rows.add(new Row(i + 1, fields));
    }
    return new CsvTable(file, header, rows);
  }

  /** Index of a named column, or an error naming the file, the column and the columns present. */
  int column(String name) throws IOException {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new IOException(file + ": missing column '" + name + "' (columns: " + String.join(",", header) + ")");
    }
    return index;
  }

  List<Row> rows() {
    return rows;
  }

  Path file() {
    return file;
  }

  private static String stripByteOrderMark(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString().trim());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString().trim());
    return out;
  }
}
