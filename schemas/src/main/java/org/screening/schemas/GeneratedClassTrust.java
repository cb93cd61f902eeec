package org.screening.schemas;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.screening.schemas.v1.Frame;

/**
 * Lets Avro instantiate the generated classes. Since 1.12.1 Avro refuses any class named by a
 * schema unless it is trusted (so that a schema from the wire cannot make it load arbitrary
 * classes); this trusts exactly the generated package, on top of whatever the JVM already trusts
 * (e.g. {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}).
 */
final class GeneratedClassTrust {

  private static final String GENERATED_PACKAGE = Frame.class.getPackageName() + ".";
  private static boolean installed;

  private GeneratedClassTrust() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    // getName() on the not-yet-initialised class is safe: it runs no code of that class.
    ClassSecurityPredicate generated =
        type ->
            type.getName().startsWith(GENERATED_PACKAGE)
                && type.getName().indexOf('.', GENERATED_PACKAGE.length()) < 0;
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, generated));
    installed = true;
  }
}
