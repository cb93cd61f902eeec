package org.screening.workers.involution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;

/**
 * The native op library that gives TensorFlow the {@code Involution} and {@code InvolutionGrad}
 * ops. It ships inside the workers jar; {@link #load()} copies it to a file (TensorFlow can only
 * dlopen real paths), registers it and the op's gradient, and runs a known-answer self-test, once
 * per JVM. Anything that builds or loads a graph with the op calls {@link #load()} first.
 */
public final class InvolutionLibrary {

  static final String RESOURCE = "/org/screening/workers/involution/native/libinvolution_ops.so";

  /**
   * Path of an op library to load instead of the one in the jar (a build for another CPU or
   * CUDA version); a missing file is an error, never a silent fallback.
   */
  public static final String LIBRARY_PROPERTY = "screening.ops.library";

  /** Overrides where the library is copied to; defaults to ~/.cache/screening/ops. */
  public static final String CACHE_DIR_PROPERTY = "screening.ops.cacheDir";

  private static InvolutionLibrary loaded;

  private final Path path;
  private final String sha256;

  private InvolutionLibrary(Path path, String sha256) {
    this.path = path;
    this.sha256 = sha256;
  }

  /** Loads, registers and self-tests the op library; later calls return the same instance. */
  public static synchronized InvolutionLibrary load() {
    if (loaded == null) {
      byte[] bytes = readResource();
      String sha = sha256(bytes);
      Path file = extract(bytes, sha);
      OpList ops = TensorFlow.loadLibrary(file.toString());
      Set<String> names = ops.getOpList().stream().map(OpDef::getName).collect(Collectors.toSet());
      if (!names.containsAll(Set.of(InvolutionOp.OP_TYPE, InvolutionOp.GRAD_OP_TYPE))) {
        throw new IllegalStateException(
            "Op library " + file + " registered " + names + ", not the involution ops");
      }
      InvolutionGradient.register();
      InvolutionSelfTest.run();
      loaded = new InvolutionLibrary(file, sha);
    }
    return loaded;
  }

  /** Where the library was loaded from. */
  public Path path() {
    return path;
  }

  /** The library's sha256, recorded with every model and result so they can be audited. */
  public String sha256() {
    return sha256;
  }

  private static byte[] readResource() {
    String override = System.getProperty(LIBRARY_PROPERTY);
    if (override != null) {
      try {
        return Files.readAllBytes(Path.of(override));
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read the op library named by -D"
            + LIBRARY_PROPERTY + "=" + override + ": " + e, e);
      }
    }
    try (InputStream in = InvolutionLibrary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "The involution op library " + RESOURCE + " is not on the class path: the workers "
                + "jar was built without it (the Maven build compiles it with make and g++)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the involution op library " + RESOURCE, e);
    }
  }

  private static Path extract(byte[] bytes, String sha) {
    String dir = System.getProperty(CACHE_DIR_PROPERTY,
        Path.of(System.getProperty("user.home"), ".cache", "screening", "ops").toString());
    // Named by content, so concurrent JVMs and different builds never overwrite a loaded file.
    Path target = Path.of(dir, sha.substring(0, 16), "libinvolution_ops.so");
    try {
      if (!Files.exists(target) || Files.size(target) != bytes.length) {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "libinvolution_ops", ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot copy the involution op library to " + target, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
