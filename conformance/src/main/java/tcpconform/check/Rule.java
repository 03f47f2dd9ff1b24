package tcpconform.check;

import java.util.List;

/**
 * The checks the passive judge makes, each with the text it enforces. {@link #STATE} takes its
 * section and labels from the model's edge that decided the endpoint's state; the others are
 * arithmetic on the numbers a segment carries.
 */
enum Rule {
    STATE("state", "RFC 9293 §3.10", List.of(), "FAIL",
            "a segment that no edge of the model allows in the states the endpoint can be in"),
    FLAGS("control-bits", "RFC 9293 §3.1", List.of(), "FAIL",
            "a combination of control bits no state sends, or a segment without ACK once the connection is established"),
    SYN_ACK_NUMBER("ack-of-syn", "RFC 9293 §3.10.7.2", List.of(), "FAIL",
            "the SYN-ACK acknowledges the SYN's number plus one (RCV.NXT = SEG.SEQ+1): a SYN takes one sequence number"),
    AFTER_FIN("after-fin", "RFC 9293 §3.10.4", List.of(), "FAIL",
            "no data and no other FIN after the FIN: it takes the last sequence number of the stream"),
    ACK_UNSENT("ack-of-unsent", "RFC 9293 §3.3.1", List.of(), "FAIL",
            "an ACK acknowledges only what the peer sent: nothing after the peer's FIN"),
    RST_NUMBER("rst-sequence-number", "RFC 9293 §3.5.2", List.of(), "FAIL",
            "a RST answering a segment takes SEG.ACK as its number (or, if that segment had no ACK, number 0 and "
                    + "ACK = SEG.SEQ+SEG.LEN); one that aborts takes SND.NXT (§3.10.5)"),
    ISS_CHANGED("retransmitted-syn", "RFC 9293 §3.10.8", List.of(), "FAIL",
            "a retransmitted SYN-ACK is the segment at the front of the retransmission queue again: same ISS"),
    WINDOW_SHRUNK_SEND("new-data-after-shrink", "RFC 9293 §3.8.6", List.of("SHLD-15"), "DEVIATION",
            "after the window shrank, no new data beyond the new right edge"),
    WINDOW_EXCEEDED("beyond-window", "RFC 9293 §3.8.6", List.of(), "FAIL",
            "new data only within SND.UNA+SND.WND; with a zero window, a probe of one octet"),
    SHRINK("shrinking-window", "RFC 9293 §3.8.6", List.of("SHLD-14"), "DEVIATION",
            "the right edge of the advertised window (SEG.ACK+SEG.WND) does not move left"),
    MSS_NOT_SYN("mss-only-on-syn", "RFC 9293 §3.2", List.of("MUST-65"), "FAIL",
            "the MSS option only on segments with SYN"),
    OPTION_LENGTH("option-length", "RFC 9293 §3.1", List.of("MUST-68"), "FAIL",
            "every option but EOL and NOP carries a length of at least 2 that stays inside the header"),
    WSCALE_PLACE("window-scale-only-on-syn", "RFC 7323 §2.2", List.of("RFC 7323 MAY only if"), "FAIL",
            "window scale only on a SYN, and on a SYN-ACK only if the SYN carried it"),
    SACK_PLACE("sack-permitted-only-on-syn", "RFC 2018 §2", List.of("RFC 2018 MUST NOT"), "FAIL",
            "SACK-permitted never on a segment without SYN"),
    TIMESTAMPS("timestamps", "RFC 7323 §3.2", List.of("RFC 7323 MUST"), "FAIL",
            "timestamps on a SYN-ACK only if the SYN carried them; once both SYNs carried them, on every segment but RSTs");

    private final String id;
    private final String section;
    private final List<String> requirements;
    private final String verdict;
    private final String text;

    Rule(String id, String section, List<String> requirements, String verdict, String text) {
        this.id = id;
        this.section = section;
        this.requirements = requirements;
        this.verdict = verdict;
        this.text = text;
    }

    String id() {
        return id;
    }

    String section() {
        return section;
    }

    List<String> requirements() {
        return requirements;
    }

    String verdict() {
        return verdict;
    }

    /** What the rule asks for, as the "expected" text of its violations. */
    String text() {
        return text;
    }
}
