package tcpconform.stack.link;

/**
 * What the in-memory link does to packets: each probability is applied independently per
 * packet, from the link's seeded generator, so a run is reproducible from its seed.
 *
 * @param loss        probability that a packet is dropped
 * @param duplication probability that a packet is delivered twice
 * @param reordering  probability that a packet is held back by up to {@code reorderMillis}
 * @param corruption  probability that one bit of a packet is flipped (checksums must catch it)
 * @param delayMillis one-way delay of every packet
 * @param reorderMillis the most a reordered packet is held back
 */
public record Faults(double loss, double duplication, double reordering, double corruption, long delayMillis,
        long reorderMillis) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0);

    public Faults {
        check("loss", loss);
        check("duplication", duplication);
        check("reordering", reordering);
        check("corruption", corruption);
        if (delayMillis < 0 || reorderMillis < 0) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    public static Faults delay(long millis) {
        return new Faults(0, 0, 0, 0, millis, 0);
    }

    public Faults withLoss(double p) {
        return new Faults(p, duplication, reordering, corruption, delayMillis, reorderMillis);
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1), not " + p);
        }
    }
}
