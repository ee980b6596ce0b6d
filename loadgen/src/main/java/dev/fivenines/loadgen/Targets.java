package dev.fivenines.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * Checks a target URL before any traffic is sent. Load goes to loopback unless the user says
 * otherwise with --allow-remote: pointing a load generator at the wrong host by a typo is how
 * people take down systems they did not mean to test.
 */
public final class Targets {
    private Targets() {
    }

    public static URI parse(String text, boolean allowRemote) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("--target must be a URL such as http://127.0.0.1:8080, was '" + text + "'");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new UsageException("--target must be an http:// or https:// URL with a host, was '" + text + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--target must be a base URL without query or fragment, was '" + text + "'");
        }
        if (!allowRemote && !isLoopback(uri.getHost())) {
            throw new UsageException("--target " + uri.getHost() + " is not a loopback address; add --allow-remote "
                    + "if you really mean to send load to another machine");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: do not resolve it just to decide.
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
