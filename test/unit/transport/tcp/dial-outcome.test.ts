import { describe, expect, it } from 'vitest';
import { ConnectError, ConnectErrorCode } from '../../../../src/core/errors.js';
import { DialOutcome } from '../../../../src/transport/tcp/dial-outcome.js';

describe('DialOutcome', () => {
  it('runs its abort when the signal fires, once, and stops listening once settled', async () => {
    const controller = new AbortController();
    let aborts = 0;
    const outcome = new DialOutcome(controller.signal, () => aborts++);
    controller.abort();
    controller.abort();
    expect(aborts).toBe(1);

    const later = new AbortController();
    const settled = new DialOutcome(later.signal, () => aborts++);
    settled.settle();
    later.abort();
    expect(aborts).toBe(1);
    await expect(settled.promise).resolves.toBeUndefined();
    outcome.settle(new ConnectError('n@127.0.0.1', ConnectErrorCode.aborted, 'x'));
    await expect(outcome.promise).rejects.toMatchObject({ code: 'MUSTER_ERR_CONNECT_ABORTED' });
  });

  it('settles once: a second answer is ignored', async () => {
    const outcome = new DialOutcome(new AbortController().signal, () => {});
    outcome.settle();
    outcome.settle(new ConnectError('n@127.0.0.1', ConnectErrorCode.unreachable, 'late'));
    await expect(outcome.promise).resolves.toBeUndefined();
  });
});
