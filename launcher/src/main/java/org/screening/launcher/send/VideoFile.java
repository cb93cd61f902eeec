package org.screening.launcher.send;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A video decoded by Debian's FFmpeg ({@code ffprobe} for its size and rate, {@code ffmpeg} piping
 * raw RGB frames): every container and codec FFmpeg reads (H.264 in MP4 among them), and device
 * paths such as {@code /dev/video0} where FFmpeg can open them.
 */
final class VideoFile implements AutoCloseable {

  /** Width, height and frame rate of the first video stream. */
  record Info(int width, int height, double fps) {}

  private static final long PROBE_TIMEOUT_SECONDS = 30;

  private final Process decoder;
  private final DataInputStream frames;
  private final Info info;

  private VideoFile(Process decoder, Info info) {
    this.decoder = decoder;
    this.frames = new DataInputStream(decoder.getInputStream());
    this.info = info;
  }

  static VideoFile open(Path file) throws IOException, InterruptedException {
    Info info = probe(file);
    Process decoder = new ProcessBuilder(List.of("ffmpeg", "-v", "error", "-nostdin", "-i",
        file.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new VideoFile(decoder, info);
  }

  static Info probe(Path file) throws IOException, InterruptedException {
    Process probe = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "stream=width,height,r_frame_rate", "-of", "csv=p=0", file.toString()))
        .redirectErrorStream(true).start();
    String answer;
    try (InputStream in = probe.getInputStream()) {
      answer = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!probe.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || probe.exitValue() != 0) {
      throw new IOException("ffprobe cannot read the video: " + answer);
    }
    String[] parts = answer.split(",");
    if (parts.length < 3) {
      throw new IOException("the file has no video stream (ffprobe: " + answer + ")");
    }
    String[] rate = parts[2].split("/");
    double fps = Double.parseDouble(rate[0])
        / (rate.length > 1 ? Double.parseDouble(rate[1]) : 1.0);
    return new Info(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), fps);
  }

  Info info() {
    return info;
  }

  /** The next frame as packed RGB, or null at the end of the video. */
  byte[] next() throws IOException {
    byte[] rgb = new byte[info.width() * info.height() * 3];
    try {
      frames.readFully(rgb);
    } catch (EOFException end) {
      return null;
    }
    return rgb;
  }

  /** Waits for the decoder to finish; a decoder that failed is an error, not a short video. */
  void finish() throws IOException, InterruptedException {
    if (decoder.waitFor() != 0) {
      throw new IOException("ffmpeg failed decoding the video (exit " + decoder.exitValue() + ")");
    }
  }

  @Override
  public void close() {
    decoder.destroy();
  }
}
