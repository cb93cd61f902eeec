package org.screening.broker;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A SASL_SSL listener for {@link EmbeddedKafka}, beside its plaintext one: TLS with the given
 * certificate, then SASL/PLAIN against a fixed set of users. For testing clients' security
 * settings; the broker's own traffic stays on the plaintext listener.
 *
 * @param certificate the listener's certificate
 * @param users user name to password
 */
public record SaslSslListener(SelfSignedCertificate certificate, Map<String, String> users) {

  static final String NAME = "SASL_SSL";

  public SaslSslListener {
    users = Map.copyOf(users);
  }

  /** Adds the listener on {@code port} to broker properties that already name the others. */
  void addTo(Properties p, int port) {
    String prefix = "listener.name." + NAME.toLowerCase() + ".";
    p.put("listeners", p.get("listeners") + "," + NAME + "://127.0.0.1:" + port);
    p.put("advertised.listeners", p.get("advertised.listeners") + "," + NAME + "://127.0.0.1:" + port);
    p.put("listener.security.protocol.map",
        p.get("listener.security.protocol.map") + "," + NAME + ":" + NAME);
    p.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
    p.put(prefix + "plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + users.entrySet().stream()
                .map(u -> "user_" + u.getKey() + "=\"" + u.getValue() + "\"")
                .collect(Collectors.joining(" "))
            + ";");
    p.put(prefix + "ssl.keystore.location", certificate.keystore().toString());
    p.put(prefix + "ssl.keystore.password", certificate.password());
    p.put(prefix + "ssl.keystore.type", "PKCS12");
  }
}
