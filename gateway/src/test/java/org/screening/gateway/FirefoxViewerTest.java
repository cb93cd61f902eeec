package org.screening.gateway;

import org.junit.jupiter.api.AfterAll;
import org.screening.gateway.support.Browser;
import org.screening.gateway.support.Firefox;
import org.screening.gateway.support.TestCluster;

/**
 * The viewer's scenarios in Firefox: one Firefox for the class, each test in a tab of its own
 * user context, as apart as two browsers (cookies, storage, cache).
 */
class FirefoxViewerTest extends ViewerBrowserTest {

  private static Firefox firefox;

  FirefoxViewerTest(TestCluster cluster) {
    super(cluster);
  }

  @AfterAll
  static void quitFirefox() {
    if (firefox != null) {
      firefox.close();
    }
  }

  @Override
  String missing() {
    return Firefox.missing();
  }

  @Override
  Browser start() throws Exception {
    if (firefox == null) {
      firefox = Firefox.start();
    }
    return firefox.openTab();
  }
}
