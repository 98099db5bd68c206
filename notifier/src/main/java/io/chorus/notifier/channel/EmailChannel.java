package io.chorus.notifier.channel;

import io.chorus.notifier.message.AlertMessage;
import io.chorus.notifier.subscription.Subscription;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.Properties;

/**
 * Sends the alert as an e-mail over SMTP (Jakarta Mail, Eclipse Angus): a plain-text and an HTML
 * part; STARTTLS required, used when offered, or off. The alert id travels in a
 * {@code X-Chorus-Alert-Id} header so mail filters can de-duplicate.
 */
public final class EmailChannel implements Channel {

    private final Subscription.Email settings;
    private final Session session;

    public EmailChannel(Subscription.Email settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(!settings.starttls().equals("off")));
        p.put("mail.smtp.starttls.required", Boolean.toString(settings.starttls().equals("required")));
        p.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
        String ms = Long.toString(settings.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        this.session = Session.getInstance(p);
    }

    @Override
    public String deliver(AlertMessage message) throws DeliveryException {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(settings.from()));
            for (String to : settings.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject("[Chorus] " + message.subject(), "UTF-8");
            m.setSentDate(new Date());
            m.setHeader("X-Chorus-Alert-Id", message.alert().getAlertId());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(message.html(), "text/html; charset=UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            m.setContent(alternative);
            if (settings.username() != null) {
                Transport.send(m, settings.username(), settings.password());
            } else {
                Transport.send(m);
            }
            return "accepted by " + settings.host() + " for " + settings.to().size() + " recipient(s)";
        } catch (jakarta.mail.internet.AddressException e) {
            throw new DeliveryException("bad address: " + e.getMessage(), false, e);
        } catch (jakarta.mail.AuthenticationFailedException e) {
            throw new DeliveryException("SMTP authentication failed: " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), true, e);
        }
    }
}
