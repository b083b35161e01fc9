package dev.caravan.platform.server;

import java.nio.file.Path;

/** A route file that cannot be loaded; the message names the file (and line, when known). */
public class RouteFileException extends RuntimeException {

    public RouteFileException(Path file, String message) {
        super(file + ": " + message);
    }

    /** The most specific message in a Camel/YAML exception chain. */
    static String describe(Throwable e) {
        StringBuilder message = new StringBuilder();
        Throwable current = e;
        while (current != null) {
            String text = current.getMessage();
            if (text != null && !text.isBlank() && message.indexOf(text.strip()) < 0) {
                if (message.length() > 0) {
                    message.append(" <- ");
                }
                message.append(text.strip());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return message.length() == 0 ? e.getClass().getSimpleName() : message.toString();
    }
}
