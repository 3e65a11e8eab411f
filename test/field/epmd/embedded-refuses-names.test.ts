// Source: erlang/otp#1978 (an empty node name reached epmd and failed obscurely; names epmd takes must be names a node can use)
import { afterEach, describe, expect, it } from 'vitest';
import { names, registerNode } from '../../../src/epmd/epmd-client.js';
import { EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { type EpmdUnderTest, startEmbeddedEpmd } from '../../helpers/epmd-peers.js';

// Situation: a registration whose name would break every NAMES reply it appears in (a space,
// a newline that forges a line of its own), or that is longer than Erlang allows (an atom
// holds 255 characters). Expected: the embedded EPMD refuses it with a non-zero ALIVE2
// result, as erts epmd refuses a 256-character name, and keeps serving everyone else.

const HOST = '127.132.2.2';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('field: the embedded EPMD refuses names nobody could list back', () => {
  it('answers ALIVE2 with a non-zero result and lists only usable names', async () => {
    const epmd: EpmdUnderTest = await startEmbeddedEpmd(HOST, { loopback: false });
    cleanups.push(() => epmd.stop());
    const refused = [
      'a b',
      'evil at port 1\nname forged',
      'tab\there',
      'nul\u0000',
      'at@sign',
      'n'.repeat(256),
      'é'.repeat(256),
    ];
    for (const name of refused) {
      const attempt = registerNode(HOST, epmd.port, { name, port: 40_000 });
      await expect(attempt, JSON.stringify(name.slice(0, 30))).rejects.toBeInstanceOf(
        EpmdNameTakenError,
      );
    }
    // The longest names Erlang allows still register, Unicode included.
    for (const name of ['n'.repeat(255), 'é'.repeat(255), 'bär', 'hello']) {
      const reg = await registerNode(HOST, epmd.port, { name, port: 40_001 });
      cleanups.push(() => reg.close());
    }
    const listed = (await names(HOST, epmd.port)).map((n) => n.name).sort();
    expect(listed).toEqual(['bär', 'hello', 'n'.repeat(255), 'é'.repeat(255)].sort());
  });
});
