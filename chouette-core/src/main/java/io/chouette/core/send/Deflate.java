package io.chouette.core.send;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * zlib compression (default level 6, with the zlib header): what HTTP calls {@code
 * Content-Encoding: deflate}, and what Datadog's intake accepts under that name.
 */
final class Deflate {
  private Deflate() {}

  static byte[] compress(byte[] input) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(input);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 8));
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }
}
