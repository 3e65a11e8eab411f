// Source: erlang/otp#11083 (a node that unregisters and registers again faster than epmd reads the FIN gets a spurious "name taken"; fixed by erlang/otp#11085)
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { nodeName } from '../../../src/core/node-name.js';
import { EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { EpmdPortMapping } from '../../../src/epmd/epmd-port-mapping.js';
import { type EpmdUnderTest, startRealEpmd } from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// Situation: a node stops and starts again at once under the same name (a supervisor restart,
// a quick redeploy). Its old registration connection is closed, but Debian's epmd (OTP 25)
// may answer the new ALIVE2 before it has read that close: "name taken", and the node would
// fail to start. Expected: muster asks again for a moment before calling the name taken, and
// a name that really is taken still fails.

const HOST = '127.132.7.3';
const hasEpmd = hasPeerBinary('epmd');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function mapping(port: number): EpmdPortMapping {
  const m = new EpmdPortMapping({ epmdPort: port, start: 'never', logger: silentLogger() });
  cleanups.push(() => m.close());
  return m;
}

describe.runIf(hasEpmd)('field: a node restarts under the same name at once', () => {
  it('registers every time, and a name really in use still fails', async () => {
    const epmd: EpmdUnderTest = await startRealEpmd(HOST);
    cleanups.push(() => epmd.stop());
    const self = nodeName('hello', HOST);
    for (let restart = 0; restart < 40; restart++) {
      const m = mapping(epmd.port);
      await m.publish(self, 30_000 + restart);
      expect(m.currentRegistration?.port).toBe(30_000 + restart);
      await m.close();
    }
    await mapping(epmd.port).publish(self, 31_000);
    await expect(mapping(epmd.port).publish(self, 31_001)).rejects.toBeInstanceOf(
      EpmdNameTakenError,
    );
  });
});
