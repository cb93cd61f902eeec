package org.screening.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.screening.gateway.support.ApiClient;
import org.screening.gateway.support.GatewayClusterExtension;
import org.screening.gateway.support.TestCluster;

/** The viewer's files, served by the gateway itself under a strict Content-Security-Policy. */
@ExtendWith(GatewayClusterExtension.class)
class ViewerPageTest {

  private final TestCluster cluster;

  ViewerPageTest(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void theRootSendsTheBrowserToTheViewer() throws Exception {
    HttpResponse<String> root = cluster.nodeA(null).get("/");

    assertEquals(302, root.statusCode());
    assertEquals("/viewer/", root.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void theViewerPageAllowsNoInlineScriptOrStyle() throws Exception {
    ApiClient browser = cluster.nodeA(null);
    HttpResponse<String> page = browser.get("/viewer/");

    assertEquals(200, page.statusCode());
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
        && policy.contains("style-src 'self'"), policy);
    assertFalse(policy.contains("unsafe"), policy);
    // The page must not need what the policy forbids.
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page.body()).find());
    assertFalse(Pattern.compile("\\sstyle=|<style|\\son[a-z]+=").matcher(page.body()).find());
    HttpResponse<String> script = browser.get("/viewer/viewer.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElseThrow().contains("javascript"));
  }
}
