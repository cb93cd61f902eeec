package org.screening.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields the Kubernetes API would not know: fabric8's typed model keeps whatever it cannot map in
 * {@code additionalProperties}, so a walk over every typed object finds misspelt or misplaced keys
 * ({@code spec.replica}). Custom resources come back generic and are left to the CRD schemas.
 */
final class UnknownFields {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private UnknownFields() {}

  /** "Kind/name: path.field" for every unknown field of {@code yaml}, an object of any kind. */
  static List<String> in(String yaml) {
    List<String> found = new ArrayList<>();
    Object resource = SERIALIZATION.unmarshal(yaml, KubernetesResource.class);
    if (resource instanceof GenericKubernetesResource) {
      return found;
    }
    walk(resource, "", found);
    return found;
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      if (node instanceof Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          walk(item, path + "[" + i++ + "]", found);
        }
      } else if (node instanceof Map<?, ?> map) {
        map.forEach((k, v) -> walk(v, path + "." + k, found));
      }
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(getter.toString(), e);
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(k -> found.add(path.isEmpty() ? "" + k : path + "." + k));
      } else {
        walk(value, path + (path.isEmpty() ? "" : ".") + field(getter.getName()), found);
      }
    }
  }

  private static String field(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
