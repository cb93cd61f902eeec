package org.screening.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.support.Images;
import org.screening.schemas.v1.ImageEncoding;

class ImageSnifferTest {

  @Test
  void aPngHeaderGivesSizeAndChannelsByColourType() {
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 1), ImageSniffer.png(Images.png(30, 20, 1)));
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 3), ImageSniffer.png(Images.png(30, 20, 3)));
    assertEquals(new ImageHeader(ImageEncoding.PNG, 30, 20, 4), ImageSniffer.png(Images.png(30, 20, 4)));
  }

  @Test
  void aJpegFrameHeaderGivesSizeAndComponents() {
    assertEquals(new ImageHeader(ImageEncoding.JPEG, 40, 24, 3), ImageSniffer.jpeg(Images.jpeg(40, 24)));
  }

  @Test
  void aPngWhoseHeaderFailsItsCrcIsABadImage() {
    HttpProblem problem = assertThrows(HttpProblem.class, () -> ImageSniffer.png(Images.corruptPng()));

    assertEquals(400, problem.status());
  }

  @Test
  void aJpegCutBeforeItsFrameHeaderIsABadImage() {
    byte[] jpeg = Images.jpeg(40, 24);

    assertThrows(HttpProblem.class, () -> ImageSniffer.jpeg(Arrays.copyOf(jpeg, 20)));
  }

  @Test
  void aPngCutAfterItsHeaderIsABadImageNamingTheTruncation() {
    byte[] png = Images.png(30, 20, 3);

    HttpProblem problem = assertThrows(HttpProblem.class,
        () -> ImageSniffer.png(Arrays.copyOf(png, png.length - 20)));

    assertEquals(400, problem.status());
    assertTrue(problem.getMessage().contains("truncated"), problem.getMessage());
  }

  @Test
  void aJpegCutAfterItsFrameHeaderIsABadImageNamingTheTruncation() {
    byte[] jpeg = Images.jpeg(40, 24);

    HttpProblem problem = assertThrows(HttpProblem.class,
        () -> ImageSniffer.jpeg(Arrays.copyOf(jpeg, jpeg.length - 10)));

    assertEquals(400, problem.status());
    assertTrue(problem.getMessage().contains("truncated"), problem.getMessage());
  }

  @Test
  void rawPixelsMustFillTheirShapeExactly() {
    assertEquals(new ImageHeader(ImageEncoding.RAW_U8, 4, 2, 3), ImageSniffer.raw(new byte[24], 4, 2, 3));
    assertThrows(HttpProblem.class, () -> ImageSniffer.raw(new byte[23], 4, 2, 3));
  }
}
