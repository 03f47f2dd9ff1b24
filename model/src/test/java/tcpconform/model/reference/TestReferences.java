package tcpconform.model.reference;

import tcpconform.model.Call;
import tcpconform.model.SegmentInput;
import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.SegmentInput.SeqClass;

/** References brought to a state the tests start from. */
final class TestReferences {

    private TestReferences() {
    }

    /** A baseline reference, opened passively and ESTABLISHED. */
    static Reference established() {
        Reference ref = Reference.baseline();
        ref.apply(Call.LISTEN);
        ref.apply(SegmentInput.of(Kind.SYN, SeqClass.ANY, AckClass.NONE, false));
        ref.apply(SegmentInput.of(Kind.ACK, SeqClass.EXACT, AckClass.EXACT, false));
        return ref;
    }
}
