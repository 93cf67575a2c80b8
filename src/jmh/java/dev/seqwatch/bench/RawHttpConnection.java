package dev.seqwatch.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that writes a request's bytes straight to its socket and
 * reads the response with no more parsing than it needs. The load generator shares two cores with
 * the server it measures; the JDK's HttpClient spent a third to four fifths of a core per round on
 * its own machinery, which is taken from the server. A shipper such as Vector or Filebeat is
 * native code that costs far less; this keeps the generator closer to that.
 */
final class RawHttpConnection implements AutoCloseable {

  /** A response: its status and body. */
  record Response(int status, String body) {
  }

  private final URI base;
  private final String host;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  RawHttpConnection(URI base) {
    this.base = base;
    this.host = base.getHost() + ":" + base.getPort();
  }

  /**
   * Sends one request and reads its response. Opens the connection when there is none: at first,
   * and after the server ended one (Tomcat closes a keep-alive connection after 100 requests).
   */
  Response post(String path, String contentType, String apiKey, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
        .append("\r\nContent-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
        .append("\r\n");
    if (apiKey != null) {
      head.append("X-API-Key: ").append(apiKey).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("connection:") && lower.contains("close")) {
        closing = true;
      } else if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line(); // the empty line after the last chunk
    } else if (length > 0) {
      body.write(in.readNBytes((int) length));
    }
    if (closing) {
      close();
    }
    return new Response(code, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("the server closed the connection");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
