package tcpconform.sut;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import tcpconform.model.Call;
import tcpconform.model.TcpState;
import tcpconform.model.Timeout;

/**
 * A target that wraps another and passes everything on; a subclass changes what it must, as the
 * broken variants of the own stack do.
 */
public abstract class ForwardingTarget implements SystemUnderTest {

    /** The wrapped target. */
    protected final SystemUnderTest inner;

    protected ForwardingTarget(SystemUnderTest inner) {
        this.inner = inner;
    }

    @Override
    public Capabilities capabilities() {
        return inner.capabilities();
    }

    @Override
    public void inject(byte[] packet) {
        inner.inject(packet);
    }

    @Override
    public void call(Call call) {
        inner.call(call);
    }

    @Override
    public void expire(Timeout timer) {
        inner.expire(timer);
    }

    @Override
    public void idle(long millis) {
        inner.idle(millis);
    }

    @Override
    public List<Sent> sent() {
        return inner.sent();
    }

    @Override
    public List<Signal> signals() {
        return inner.signals();
    }

    @Override
    public Optional<TcpState> state() {
        return inner.state();
    }

    @Override
    public OptionalLong acknowledged() {
        return inner.acknowledged();
    }

    @Override
    public byte[] octetsRead() {
        return inner.octetsRead();
    }

    @Override
    public long now() {
        return inner.now();
    }

    @Override
    public void close() {
        inner.close();
    }
}
