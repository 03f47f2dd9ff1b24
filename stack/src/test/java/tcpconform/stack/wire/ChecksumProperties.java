package tcpconform.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The Internet checksum (RFC 1071; RFC 9293 §3.1, MUST-2, MUST-3) against its definition: the
 * ones' complement of the ones' complement sum of the 16-bit big-endian words, an odd last octet
 * padded with zero.
 */
class ChecksumProperties {

    /** The definition, word by word. */
    private static int definition(byte[] b, int off, int len, long start) {
        long sum = start;
        for (int i = 0; i < len; i += 2) {
            int high = b[off + i] & 0xFF;
            int low = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    @Property
    @Label("§3.1: the checksum of any octets, from any offset, of any length, is the ones' complement sum of their words")
    void anyOctetsSumAsTheirWords(@ForAll @Size(max = 300) byte[] octets, @ForAll @IntRange(max = 7) int skip,
                                  @ForAll @IntRange(max = 0xFFFFF) int start) {
        int off = Math.min(skip, octets.length);
        int len = octets.length - off;
        assertEquals(definition(octets, off, len, start), Checksum.finish(Checksum.add(octets, off, len, start)));
    }

    @Property
    @Label("§3.1: summing a pseudo-header and then the segment is summing them as one")
    void runningSumsCompose(@ForAll @Size(min = 12, max = 12) byte[] pseudo, @ForAll @Size(max = 200) byte[] segment) {
        byte[] both = new byte[pseudo.length + segment.length];
        System.arraycopy(pseudo, 0, both, 0, pseudo.length);
        System.arraycopy(segment, 0, both, pseudo.length, segment.length);
        long running = Checksum.add(segment, 0, segment.length, Checksum.add(pseudo, 0, pseudo.length, 0));
        assertEquals(definition(both, 0, both.length, 0), Checksum.finish(running));
    }

    @Example
    @Label("§3.1: all-zero and all-one octets, the two edges of ones' complement arithmetic")
    void zerosAndOnes() {
        for (int len : new int[] {0, 1, 2, 15, 16, 17, 32, 1500}) {
            byte[] zeros = new byte[len];
            byte[] ones = new byte[len];
            java.util.Arrays.fill(ones, (byte) 0xFF);
            assertEquals(definition(zeros, 0, len, 0), Checksum.finish(Checksum.add(zeros, 0, len, 0)), "zeros " + len);
            assertEquals(definition(ones, 0, len, 0), Checksum.finish(Checksum.add(ones, 0, len, 0)), "ones " + len);
        }
    }

    @Example
    @Label("RFC 1071 §3: the worked example's octets sum to ddf2")
    void rfc1071Example() {
        byte[] octets = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(~0xddf2 & 0xFFFF, Checksum.finish(Checksum.add(octets, 0, octets.length, 0)));
    }
}
