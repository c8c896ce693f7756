package hearth.mail;

import hearth.Config;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends mail through SMTP when SMTP_HOST is set; without it Hearth shows links for people to copy instead. */
public final class Mailer {
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final Config.Smtp smtp;

    public Mailer(Config.Smtp smtp) {
        this.smtp = smtp;
    }

    public boolean enabled() {
        return smtp != null;
    }

    /** Returns whether the message was handed to the SMTP server. */
    public boolean send(String to, String subject, String body) {
        if (smtp == null) {
            return false;
        }
        var properties = new Properties();
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        Authenticator auth = null;
        if (!smtp.username().isEmpty()) {
            properties.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.username(), smtp.password());
                }
            };
        }
        try {
            var message = new MimeMessage(Session.getInstance(properties, auth));
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
            message.setSubject(subject, "UTF-8");
            message.setText(body, "UTF-8");
            Transport.send(message);
            return true;
        } catch (MessagingException e) {
            log.warn("Could not send mail to {} through {}: {}", to, smtp.host(), e.getMessage());
            return false;
        }
    }
}
