package dev.fivenines.traffic.admission;

import dev.fivenines.base.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the client of a request is, for quotas and the client-side throttle: the socket peer, or,
 * when the peer is a proxy we trust, the address that proxy says it forwarded for.
 *
 * <p>{@code X-Forwarded-For} is read from the right (each proxy appends the address it received the
 * request from): starting at the socket peer, while the address at hand is a trusted proxy, step one
 * entry to the left. The first address that is not a trusted proxy is the client. Entries further
 * left were written by the client or by proxies we do not know, so they are never believed: with no
 * trusted proxy (the default) the socket peer is the client and the header is ignored.
 *
 * <p>Addresses are compared as addresses (so {@code ::1} and {@code 0:0:0:0:0:0:0:1} are one), and
 * only literals are parsed: nothing here ever asks DNS.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** No proxy trusted: the socket peer is always the client. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses addresses and CIDR blocks ({@code 10.0.0.7}, {@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @param key the config key, named in the message of a bad entry (e.g. {@code traffic.trustedProxies})
     */
    public static TrustedProxies parse(String key, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String original = entries.get(i);
            String entry = original == null ? "" : original.trim();
            String where = key + "[" + i + "]";
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = literal(host).orElseThrow(() -> new ConfigException(where
                    + " must be an IP address or a CIDR block such as 10.0.0.0/8 or fd00::/8, was '" + original + "'"));
            int bits = address.length * 8;
            if (slash >= 0) {
                String prefix = entry.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > bits) {
                    throw new ConfigException(where + " prefix length must be in [0, " + bits + "], was '" + original + "'");
                }
                bits = Integer.parseInt(prefix);
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (a literal) is one of the trusted proxies. */
    public boolean trusts(String address) {
        Optional<byte[]> bytes = literal(address);
        return bytes.isPresent() && blocks.stream().anyMatch(b -> b.contains(bytes.get()));
    }

    /**
     * The client's address: {@code peer} unless it is a trusted proxy, then the rightmost entry of
     * {@code forwardedFor} (every X-Forwarded-For header of the request, in order) that is not. An
     * entry that is not an address ends the walk at the last proxy we trust.
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        if (blocks.isEmpty() || forwardedFor.isEmpty() || !trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = stripPort(hops.get(i));
            if (literal(hop).isEmpty()) {
                return client;
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** {@code 1.2.3.4:567} and {@code [::1]:567} as proxies may write them, without the port. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    /** The address's bytes if {@code text} is an IPv4 or IPv6 literal; never a DNS lookup. */
    static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // A literal (checked above) is parsed, not looked up.
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
