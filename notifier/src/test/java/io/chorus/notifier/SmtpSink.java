package io.chorus.notifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server for tests (RFC 5321's HELO/EHLO, MAIL, RCPT, DATA, QUIT; no STARTTLS
 * offered): keeps each message's raw text. The notifier's side is real Jakarta Mail.
 */
final class SmtpSink implements AutoCloseable {

    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> recipients = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Thread thread;

    SmtpSink() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                session(s);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void session(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        reply(out, "220 smtp-sink ESMTP");
        for (String line; (line = in.readLine()) != null; ) {
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (cmd) {
                case "EHLO" -> reply(out, "250-smtp-sink\r\n250 8BITMIME");
                case "HELO" -> reply(out, "250 smtp-sink");
                case "MAIL" -> reply(out, "250 OK");
                case "RCPT" -> {
                    recipients.add(line.substring(line.indexOf(':') + 1).trim());
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 end with .");
                    StringBuilder m = new StringBuilder();
                    for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
                        m.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                    }
                    messages.add(m.toString());
                    reply(out, "250 queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 OK");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
