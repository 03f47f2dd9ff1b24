package tcpconform.sut.agent;

/** An agent that crashed, hung, or broke the protocol, with the reason in one line. */
public final class AgentFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AgentFailure(String reason) {
        super(reason, null, false, false);
    }
}
