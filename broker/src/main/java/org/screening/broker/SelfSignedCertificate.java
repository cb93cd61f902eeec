package org.screening.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate for 127.0.0.1 and localhost, made by the JDK's own {@code keytool}
 * (no network, no extra library): a PKCS12 keystore for Kafka listeners, and the same
 * certificate and key as PEM files for the gateway's HTTPS and for clients' trust stores.
 */
public final class SelfSignedCertificate {

  private static final String ALIAS = "screening";

  private final Path keystore;
  private final String password;
  private final Path certificatePem;
  private final Path privateKeyPem;

  private SelfSignedCertificate(Path keystore, String password, Path certificatePem,
      Path privateKeyPem) {
    this.keystore = keystore;
    this.password = password;
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  /** Writes {@code server.p12}, {@code cert.pem} and {@code key.pem} into {@code dir}. */
  public static SelfSignedCertificate create(Path dir) {
    String password = UUID.randomUUID().toString();
    Path keystore = dir.resolve("server.p12");
    try {
      Files.createDirectories(dir);
      Process keytool = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
          "-validity", "2", "-dname", "CN=localhost",
          "-ext", "SAN=dns:localhost,ip:127.0.0.1",
          "-keystore", keystore.toString(), "-storetype", "PKCS12",
          "-storepass", password, "-keypass", password)
          .redirectErrorStream(true).start();
      String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (keytool.waitFor() != 0) {
        throw new IllegalStateException("keytool could not make a certificate: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, password.toCharArray());
      }
      Path cert = Files.writeString(dir.resolve("cert.pem"),
          pem("CERTIFICATE", store.getCertificate(ALIAS).getEncoded()));
      Path key = Files.writeString(dir.resolve("key.pem"),
          pem("PRIVATE KEY", store.getKey(ALIAS, password.toCharArray()).getEncoded()));
      return new SelfSignedCertificate(keystore, password, cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a certificate into " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read back the certificate keytool made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while keytool ran", e);
    }
  }

  /** PKCS12 keystore holding the key and certificate, protected by {@link #password()}. */
  public Path keystore() {
    return keystore;
  }

  public String password() {
    return password;
  }

  /** The certificate as PEM: what a client trusts. */
  public Path certificatePem() {
    return certificatePem;
  }

  /** The unencrypted PKCS#8 private key as PEM. */
  public Path privateKeyPem() {
    return privateKeyPem;
  }

  /** A TLS context that trusts this certificate alone: for clients of a server using it. */
  public SSLContext trustingContext() {
    try (InputStream in = Files.newInputStream(certificatePem)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + certificatePem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot trust the certificate in " + certificatePem, e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    return String.join("\n", List.of("-----BEGIN " + type + "-----", body,
        "-----END " + type + "-----", ""));
  }
}
