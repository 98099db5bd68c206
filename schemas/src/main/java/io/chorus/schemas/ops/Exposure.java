package io.chorus.schemas.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an address a service listens on is reachable from other machines, and the warning when it is without a token. */
public final class Exposure {

    private Exposure() {
    }

    /** True for 127.0.0.0/8, ::1 and "localhost"; false for 0.0.0.0, :: and any other interface. */
    public static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine: " + e.getMessage(), e);
        }
    }

    /**
     * The startup warning for a service bound beyond loopback without an admin token, or null when
     * there is nothing to warn about.
     */
    public static String warning(String service, String bind, AdminToken token) {
        if (loopback(bind) || token.configured()) {
            return null;
        }
        return "WARNING " + service + " listens on " + bind + " (beyond this machine) without an admin token: /metrics and read-only "
                + "pages are open to the network; action endpoints answer callers on this machine only until --admin-token-file is given";
    }
}
