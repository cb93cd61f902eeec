package org.screening.gateway;

import org.screening.gateway.support.Browser;
import org.screening.gateway.support.ChromiumBrowser;
import org.screening.gateway.support.TestCluster;

/** The viewer's scenarios in Chromium. */
class ChromiumViewerTest extends ViewerBrowserTest {

  ChromiumViewerTest(TestCluster cluster) {
    super(cluster);
  }

  @Override
  String missing() {
    return ChromiumBrowser.missing();
  }

  @Override
  Browser start() throws Exception {
    return ChromiumBrowser.start();
  }
}
