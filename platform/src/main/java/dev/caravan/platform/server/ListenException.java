package dev.caravan.platform.server;

/** The gateway could not open its listening socket (the port is taken, or the host is not this machine's). */
public final class ListenException extends RuntimeException {

    public ListenException(String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + " (server.host, server.port): " + cause.getMessage(), cause);
    }

    /** The socket error among {@code e}'s causes, if starting failed because of one. */
    static java.net.BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException bind) {
                return bind;
            }
        }
        return null;
    }
}
