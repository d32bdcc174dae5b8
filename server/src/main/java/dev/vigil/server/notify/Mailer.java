package dev.vigil.server.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends plain-text mail over SMTP with Angus Mail, with 10-second timeouts on every step. */
final class Mailer {
  private static final String TIMEOUT_MS = "10000";

  private final Smtp smtp;
  private final Session session;

  Mailer(Smtp smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls() != Smtp.StartTls.OFF));
    p.put(
        "mail.smtp.starttls.required", Boolean.toString(smtp.starttls() == Smtp.StartTls.REQUIRED));
    p.put("mail.smtp.auth", Boolean.toString(smtp.username().isPresent()));
    p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    p.put("mail.smtp.timeout", TIMEOUT_MS);
    p.put("mail.smtp.writetimeout", TIMEOUT_MS);
    this.session = Session.getInstance(p);
  }

  /** Sends one mail; {@code messageId} makes retries of the same notice recognisable. */
  void send(String to, String subject, String text, String messageId) throws MessagingException {
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + "@vigil>");
          }
        };
    m.setFrom(new InternetAddress(smtp.from(), true));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    m.setSubject(subject, "UTF-8");
    m.setText(text, "UTF-8");
    m.saveChanges();
    if (smtp.username().isPresent()) {
      Transport.send(m, smtp.username().get(), smtp.password().orElse(""));
    } else {
      Transport.send(m);
    }
  }
}
