package tcpconform.check;

import tcpconform.pcap.CaptureFormatException;
import tcpconform.pcap.Frame;
import tcpconform.stack.wire.Checksum;

/**
 * From a captured frame to a TCP segment: the link header (Ethernet with VLAN tags, Linux cooked
 * SLL and SLL2, raw IP, BSD loopback/null), then IPv4 or IPv6 (with extension headers), then
 * TCP. Frames that carry no TCP, or only a later IPv4 fragment, are counted, not decoded.
 */
final class Decoder {

    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LOOP = 108;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final String SUPPORTED = "Ethernet (1), raw IP (101), null (0), loopback (108), "
            + "Linux cooked SLL (113) and SLL2 (276), IPv4 (228), IPv6 (229)";

    /** Frames that were not TCP over IP, and why, for the summary. */
    long notIp;
    long notTcp;
    long fragments;
    long truncated;

    /** The segment the frame carries, or null if it carries none. */
    Segment decode(Frame f) {
        byte[] b = f.data();
        int n = f.length();
        int ip = switch (f.linkType()) {
            case LINKTYPE_ETHERNET -> ethernet(b, n);
            case LINKTYPE_RAW, 12, 14, LINKTYPE_IPV4, LINKTYPE_IPV6 -> 0;
            case LINKTYPE_NULL, LINKTYPE_LOOP -> n >= 4 ? 4 : -1;
            case LINKTYPE_LINUX_SLL -> n >= 16 && ipEthertype(u16(b, 14)) ? 16 : -1;
            case LINKTYPE_LINUX_SLL2 -> n >= 20 && ipEthertype(u16(b, 0)) ? 20 : -1;
            default -> throw new CaptureFormatException("packet " + f.number() + " has link type " + f.linkType()
                    + ", which is not supported (supported: " + SUPPORTED + ")");
        };
        if (ip < 0 || ip >= n) {
            notIp++;
            return null;
        }
        int version = (b[ip] & 0xFF) >>> 4;
        if (version == 4) {
            return ipv4(f, b, n, ip);
        }
        if (version == 6) {
            return ipv6(f, b, n, ip);
        }
        notIp++;
        return null;
    }

    private static boolean ipEthertype(int type) {
        return type == 0x0800 || type == 0x86DD;
    }

    /** The offset of the IP header in an Ethernet frame, or -1 if it carries no IP. */
    private static int ethernet(byte[] b, int n) {
        int p = 12;
        while (p + 2 <= n) {
            int type = u16(b, p);
            if (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                p += 4;
                continue;
            }
            return ipEthertype(type) ? p + 2 : -1;
        }
        return -1;
    }

    private Segment ipv4(Frame f, byte[] b, int n, int ip) {
        if (ip + 20 > n) {
            truncated++;
            return null;
        }
        int ihl = (b[ip] & 0x0F) * 4;
        int total = u16(b, ip + 2);
        if ((b[ip + 9] & 0xFF) != 6) {
            notTcp++;
            return null;
        }
        int fragment = u16(b, ip + 6);
        if ((fragment & 0x3FFF) != 0) {
            fragments++;
            return null;
        }
        if (ihl < 20 || total < ihl + 20) {
            notIp++;
            return null;
        }
        int tcp = ip + ihl;
        if (tcp + 4 > n) {
            truncated++;
            return null;
        }
        Peer src = Peer.v4(b, ip + 12, u16(b, tcp));
        Peer dst = Peer.v4(b, ip + 16, u16(b, tcp + 2));
        int tcpLength = total - ihl;
        long pseudo = Checksum.add(b, ip + 12, 8, 6 + tcpLength);
        return tcp(f, b, n, tcp, tcpLength, src, dst, pseudo);
    }

    private Segment ipv6(Frame f, byte[] b, int n, int ip) {
        if (ip + 40 > n) {
            truncated++;
            return null;
        }
        int payload = u16(b, ip + 4);
        int next = b[ip + 6] & 0xFF;
        int p = ip + 40;
        int end = ip + 40 + payload;
        while (next != 6) {
            switch (next) {
                case 0, 43, 60 -> {
                    if (p + 8 > n) {
                        truncated++;
                        return null;
                    }
                    next = b[p] & 0xFF;
                    p += ((b[p + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> {
                    if (p + 8 > n) {
                        truncated++;
                        return null;
                    }
                    if ((u16(b, p + 2) & 0xFFF9) != 0) {
                        fragments++;
                        return null;
                    }
                    next = b[p] & 0xFF;
                    p += 8;
                }
                case 51 -> {
                    if (p + 8 > n) {
                        truncated++;
                        return null;
                    }
                    next = b[p] & 0xFF;
                    p += ((b[p + 1] & 0xFF) + 2) * 4;
                }
                default -> {
                    notTcp++;
                    return null;
                }
            }
        }
        int tcpLength = end - p;
        if (tcpLength < 20) {
            notIp++;
            return null;
        }
        if (p + 4 > n) {
            truncated++;
            return null;
        }
        Peer src = Peer.v6(b, ip + 8, u16(b, p));
        Peer dst = Peer.v6(b, ip + 24, u16(b, p + 2));
        long pseudo = Checksum.add(b, ip + 8, 32, 6 + tcpLength);
        return tcp(f, b, n, p, tcpLength, src, dst, pseudo);
    }

    private Segment tcp(Frame f, byte[] b, int n, int tcp, int tcpLength, Peer src, Peer dst, long pseudo) {
        if (tcp + 20 > n) {
            truncated++;
            return null;
        }
        int header = ((b[tcp + 12] & 0xFF) >>> 4) * 4;
        if (header < 20 || header > tcpLength) {
            notIp++;
            return null;
        }
        Options options = tcp + header <= n ? Options.parse(b, tcp + 20, tcp + header) : Options.NONE;
        Segment.Checksum checksum;
        if (tcp + tcpLength <= n) {
            // A segment with its checksum in place sums to all ones: finish() gives 0 (RFC 1071).
            checksum = Checksum.finish(Checksum.add(b, tcp, tcpLength, pseudo)) == 0
                    ? Segment.Checksum.GOOD : Segment.Checksum.BAD;
        } else {
            checksum = Segment.Checksum.UNVERIFIED;
        }
        return new Segment(f.number(), f.timeNanos(), src, dst,
                b[tcp + 13] & 0x3F, u32(b, tcp + 4), u32(b, tcp + 8), u16(b, tcp + 14), tcpLength - header,
                options, checksum, FourTuple.of(src, dst));
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
