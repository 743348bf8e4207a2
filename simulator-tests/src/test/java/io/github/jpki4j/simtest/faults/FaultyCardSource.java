package io.github.jpki4j.simtest.faults;

import io.github.jpki4j.agent.CardSource;
import io.github.jpki4j.apdu.ApduTransport;
import java.io.IOException;

/** The agent's card source with every connection behind a {@link FaultInjectingTransport}. */
public final class FaultyCardSource implements CardSource {
  private final CardSource inner;
  private final FaultPlan plan;

  public FaultyCardSource(CardSource inner, FaultPlan plan) {
    this.inner = inner;
    this.plan = plan;
  }

  @Override
  public ApduTransport connect() throws IOException {
    return new FaultInjectingTransport(inner.connect(), plan);
  }

  @Override
  public boolean present(ApduTransport connection) {
    return inner.present(unwrap(connection));
  }

  @Override
  public void release(ApduTransport transport, boolean reset) {
    inner.release(unwrap(transport), reset);
  }

  private static ApduTransport unwrap(ApduTransport t) {
    return t instanceof FaultInjectingTransport f ? f.inner() : t;
  }
}
