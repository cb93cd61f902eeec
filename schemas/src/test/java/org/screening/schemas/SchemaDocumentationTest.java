package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Summary;

/**
 * The schema files are the contract for producers in other languages, so nothing is undocumented.
 */
class SchemaDocumentationTest {

  @Test
  void everyNamedTypeAndFieldHasADoc() {
    List<String> undocumented = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    collectUndocumented(Frame.getClassSchema(), visited, undocumented);
    collectUndocumented(Result.getClassSchema(), visited, undocumented);
    collectUndocumented(Summary.getClassSchema(), visited, undocumented);
    assertTrue(undocumented.isEmpty(), "undocumented: " + undocumented);
  }

  private static void collectUndocumented(Schema schema, Set<String> visited, List<String> out) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!visited.add(schema.getFullName())) {
          return;
        }
        requireDoc(schema.getDoc(), schema.getFullName(), out);
        for (Schema.Field field : schema.getFields()) {
          requireDoc(field.doc(), schema.getName() + "." + field.name(), out);
          collectUndocumented(field.schema(), visited, out);
        }
      }
      case ENUM -> {
        if (visited.add(schema.getFullName())) {
          requireDoc(schema.getDoc(), schema.getFullName(), out);
        }
      }
      case ARRAY -> collectUndocumented(schema.getElementType(), visited, out);
      case MAP -> collectUndocumented(schema.getValueType(), visited, out);
      case UNION -> schema.getTypes().forEach(branch -> collectUndocumented(branch, visited, out));
      default -> {}
    }
  }

  private static void requireDoc(String doc, String where, List<String> out) {
    if (doc == null || doc.isBlank()) {
      out.add(where);
    }
  }
}
