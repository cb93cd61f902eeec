package org.screening.deploy.mockapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * fabric8's mock API server in CRUD mode over HTTPS on loopback, holding the objects of the YAML
 * file named by the first argument (created in their own namespaces) and writing its certificate,
 * as PEM, to the file named by the second: clients that verify it (Hazelcast does) trust that.
 * Prints {@code URL <url>} once ready and runs until its standard input closes, so it ends with
 * the test that started it.
 */
public final class MockApiServer {

  private MockApiServer() {}

  public static void main(String[] args) throws IOException {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), new KubernetesCrudDispatcher(List.of()), true);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (NamespacedKubernetesClient client = server.createClient();
        InputStream objects = new FileInputStream(args[0])) {
      for (HasMetadata object : client.load(objects).items()) {
        client.resource(object).inNamespace(object.getMetadata().getNamespace()).create();
      }
      Files.writeString(Path.of(args[1]), certificatePem(server.getHostName(), server.getPort()));
      System.out.println("URL " + client.getMasterUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Only the end of input matters.
      }
    } finally {
      server.destroy();
    }
  }

  /** The certificate the server presents, read by a handshake that trusts anything. */
  private static String certificatePem(String host, int port) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustEverything()}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
        socket.startHandshake();
        Certificate certificate = socket.getSession().getPeerCertificates()[0];
        return "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the mock server's certificate", e);
    }
  }

  /** Only for reading the server's own certificate above. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
