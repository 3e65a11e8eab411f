import { afterEach, describe, expect, it } from 'vitest';
import {
  type Cluster,
  type ConnectError,
  createCluster,
  type NodeName,
} from '../../../src/index.js';

// This file owns 127.138.10.0/24.
const name = (i: number) => `app@127.138.10.${i}` as NodeName;
const clusters: Cluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

async function start(i: number): Promise<Cluster> {
  const c = createCluster({
    name: name(i),
    cookie: 'admission-manual-test',
    transport: { kind: 'tcp', port: 4370 },
    logLevel: 'silent',
  });
  clusters.push(c);
  await c.start();
  return c;
}

describe("manual connect() with admit: 'wanted'", () => {
  it('is refused by a peer that does not want this node, and allows that peer to dial back', async () => {
    const a = await start(1);
    const b = await start(2);
    const errors: ConnectError[] = [];
    a.on('connect:error', (_, error) => errors.push(error));
    // B lists nobody and never connected to A: it refuses A.
    expect(await a.connect(name(2))).toBe(false);
    expect(errors).toMatchObject([{ code: 'MUSTER_ERR_CONNECT_REFUSED', refusal: 'not_allowed' }]);
    expect(b.stats().admissionRefusals).toBe(1);
    // A asked for B, so A admits B's own connect() (Node.connect from both ends).
    expect(await b.connect(name(1))).toBe(true);
    expect(a.nodes()).toEqual([name(2)]);
    // disconnect() ends the allowance: B's next connect is refused.
    await a.disconnect(name(2));
    expect(await b.connect(name(1))).toBe(false);
  });
});
