// Source: bitwalker/libcluster#124 (LocalEpmd discovers nodes from erl_epmd:names, whose parser skips a line it cannot read; real epmd registers any UTF-8 name)
import { afterEach, describe, expect, it } from 'vitest';
import type { MusterError } from '../../../src/core/errors.js';
import { registerNode } from '../../../src/epmd/epmd-client.js';
import { type EpmdUnderTest, startRealEpmd } from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { manualEpmdStrategy } from './epmd-field.js';

// Situation: Debian's epmd (OTP 25) registers any UTF-8 name up to 255 characters, spaces and
// newlines included, and writes it into its NAMES reply as is: "name a b at port 5" cannot be
// read, and a newline splits one entry over two lines. Expected, as net_adm:names: read line
// by line, skip what cannot be used with one warning per distinct name (not one per poll),
// and report the host's other nodes. The code this started from failed the whole host.

const HOST = '127.132.2.1';
const hasEpmd = hasPeerBinary('epmd');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.runIf(hasEpmd)("field: names in real epmd's NAMES that muster cannot use", () => {
  it('skips them with one warning each, across polls, and finds the valid nodes', async () => {
    const epmd: EpmdUnderTest = await startRealEpmd(HOST);
    cleanups.push(() => epmd.stop());
    // Any local process may register these: real epmd accepts each (checked: result 0).
    const listed = ['hello1', 'a b', 'x\ny', 'bär', 'hello2'];
    for (const [i, name] of listed.entries()) {
      const reg = await registerNode(HOST, epmd.port, { name, port: 40_000 + i });
      cleanups.push(() => reg.close());
    }

    const { strategy, warnings, errors } = manualEpmdStrategy(
      { hosts: [HOST], epmdPort: epmd.port, timeout: 2_000 },
      HOST,
    );
    cleanups.push(() => strategy.stop());
    await strategy.start();
    for (let poll = 0; poll < 3; poll++) await strategy.pollNow();

    expect(errors).toEqual([]);
    expect([...strategy.known()].sort()).toEqual([`hello1@${HOST}`, `hello2@${HOST}`]);
    // 'a b' -> one unreadable line; 'x\ny' -> two ("name x", "y at port N"); 'bär' -> a name
    // that is not a muster basename. Three polls, still one warning each.
    const skipped = warnings.map((w) => (w as MusterError & { listed: string }).listed).sort();
    expect(skipped).toEqual(['bär', 'name a b at port 40001', 'name x', 'y at port 40002']);
    expect(new Set(warnings.map((w) => w.code))).toEqual(new Set(['MUSTER_ERR_EPMD_NAME_SKIPPED']));
  });
});
