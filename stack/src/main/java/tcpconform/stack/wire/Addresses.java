package tcpconform.stack.wire;

/** IPv4 addresses as {@code int}s, in network order of significance. */
public final class Addresses {

    private Addresses() {
    }

    /** Parses dotted-quad notation; throws {@link IllegalArgumentException} with the bad text. */
    public static int parse(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int a = 0;
        for (String p : parts) {
            int v;
            try {
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
            }
            if (v < 0 || v > 255 || p.isEmpty() || p.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            a = (a << 8) | v;
        }
        return a;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF)
                + "." + (address & 0xFF);
    }

    /**
     * Whether a segment may come from or go to this address (RFC 9293 §3.9.2.3, MUST-57,
     * MUST-63): not the unspecified address, not multicast (224/4), not class E (240/4, which
     * includes the limited broadcast).
     */
    public static boolean isUnicast(int address) {
        return address != 0 && (address >>> 28) < 0xE;
    }
}
