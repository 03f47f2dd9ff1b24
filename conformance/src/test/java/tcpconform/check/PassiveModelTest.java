package tcpconform.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tcpconform.model.SegmentInput.AckClass;
import tcpconform.model.SegmentInput.Kind;
import tcpconform.model.TcpState;
import tcpconform.model.profile.Profile;

/** The model arranged for watching: the receiver's moves it remembers are the moves it works out. */
class PassiveModelTest {

    private record Step(long strict, long lenient, int arrival) {
    }

    /** The bits of an arrival that can change and leave it one ConnectionCheck could make (see PassiveModel.arrival). */
    private static final int[] FLIPPABLE = {
        PassiveModel.ZERO_WINDOW,
        PassiveModel.SEQ_CLASSES + 1, PassiveModel.SEQ_CLASSES + 2, PassiveModel.SEQ_CLASSES + 3, PassiveModel.SEQ_CLASSES + 4,
        PassiveModel.ACKS_WITH_PARTIAL + 2, PassiveModel.ACKS_WITH_PARTIAL + 3, PassiveModel.ACKS_WITH_PARTIAL + 4,
        PassiveModel.ACKS_WITH_PARTIAL + 5,
        PassiveModel.ACKS_WITHOUT_PARTIAL + 2, PassiveModel.ACKS_WITHOUT_PARTIAL + 3, PassiveModel.ACKS_WITHOUT_PARTIAL + 4,
        PassiveModel.ACKS_WITHOUT_PARTIAL + 5,
        PassiveModel.FACTS, PassiveModel.FACTS + 1, PassiveModel.FACTS + 2, PassiveModel.FACTS + 3, PassiveModel.FACTS + 4};

    private static List<Step> steps(PassiveModel model, int n, long seed) {
        Random r = new Random(seed);
        List<Step> steps = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < n; i++) {
            long lenient = model.any() & r.nextLong();
            long strict = lenient & r.nextLong();
            Kind kind = kinds[r.nextInt(kinds.length)];
            // As ConnectionCheck classifies segments: data only where the kind may carry it,
            // SEG.SEQ among EXACT..BEYOND, SEG.ACK among EXACT..UNSENT.
            int arrival = PassiveModel.arrival(kind, kind.mayCarryData() && r.nextBoolean(), r.nextBoolean(),
                    (1 + r.nextInt(15)) << 1, (1 + r.nextInt(15)) << 2, (1 + r.nextInt(15)) << 2, r.nextInt(32));
            steps.add(new Step(strict, lenient, arrival));
            // Its neighbours, each differing in one part only: a model that remembers one move
            // must tell them apart from the step before.
            long more = lenient | (model.any() & r.nextLong());
            steps.add(new Step(strict, more, arrival));
            steps.add(new Step(lenient & r.nextLong(), more, arrival));
            steps.add(new Step(strict, lenient, arrival ^ 1 << FLIPPABLE[r.nextInt(FLIPPABLE.length)]));
        }
        return steps;
    }

    @Test
    @DisplayName("A remembered move is the move: 20,000 steps (neighbours among them), asked in two orders of a model that remembers one move and one that remembers thousands, agree")
    void aRememberedMoveIsTheMove() {
        PassiveModel first = new PassiveModel(Profile.known(), 1);
        PassiveModel second = new PassiveModel(Profile.known());
        List<Step> steps = steps(first, 5_000, 7);
        List<Step> shuffled = new ArrayList<>(steps);
        Collections.shuffle(shuffled, new Random(8));
        List<Step> twice = new ArrayList<>(steps);
        twice.addAll(shuffled);
        for (Step s : twice) {
            PassiveModel.Move a = first.receive(s.strict(), s.lenient(), s.arrival());
            PassiveModel.Move b = second.receive(s.strict(), s.lenient(), s.arrival());
            assertEquals(a.strictAfter(), b.strictAfter(), s.toString());
            assertEquals(a.lenientAfter(), b.lenientAfter(), s.toString());
            assertArrayEquals(a.owed(), b.owed(), s.toString());
            // Edges compare by identity (JGraphT's), and each model has its own: compare what they say.
            assertEquals(String.valueOf(a.decided()), String.valueOf(b.decided()), s.toString());
        }
        for (Step s : shuffled) {
            second.receive(s.strict(), s.lenient(), s.arrival());
        }
        for (Step s : steps) {
            PassiveModel.Move a = first.receive(s.strict(), s.lenient(), s.arrival());
            PassiveModel.Move b = second.receive(s.strict(), s.lenient(), s.arrival());
            assertEquals(a.strictAfter(), b.strictAfter(), s.toString());
            assertArrayEquals(a.owed(), b.owed(), s.toString());
        }
    }

    @Test
    @DisplayName("§3.10.7.3: an ACK of our SYN moves SYN-SENT's SYN-ACK to ESTABLISHED, and one for another SYN does not")
    void theClassOfTheAckDecidesTheMove() {
        PassiveModel model = new PassiveModel(List.of(Profile.named("baseline")));
        long synSent = model.of(EnumSet.of(TcpState.SYN_SENT));
        int exact = PassiveModel.arrival(Kind.SYN_ACK, false, false, 0, 0, 1 << AckClass.EXACT.ordinal(),
                PassiveModel.SENT_SYN);
        int unsent = PassiveModel.arrival(Kind.SYN_ACK, false, false, 0, 0, 1 << AckClass.UNSENT.ordinal(),
                PassiveModel.SENT_SYN);
        assertEquals(model.of(EnumSet.of(TcpState.ESTABLISHED)), model.receive(synSent, synSent, exact).strictAfter());
        assertNotEquals(model.of(EnumSet.of(TcpState.ESTABLISHED)), model.receive(synSent, synSent, unsent).strictAfter());
    }
}
