import { afterEach, describe, expect, it } from 'vitest';
import { names, portPlease, registerNode } from '../../../src/epmd/epmd-client.js';
import { EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { MAX_NAMES_REPLY_BYTES } from '../../../src/epmd/epmd-names-reader.js';
import type { EpmdRegistration } from '../../../src/epmd/epmd-registration.js';
import { defaultServer } from './epmd-flood.js';

// Attack: fill the embedded EPMD with registrations. The code this started from counted them
// against one connection cap, so 4,095 held registrations locked NAMES and PORT_PLEASE2 out
// for everyone; and ~1,050 registrations of 1,000-byte names pushed the NAMES reply past the
// 1 MiB its own client accepts, so every NAMES poll of that host failed. Expected: a full
// table refuses ALIVE2 (result 1) while queries go on, and NAMES always fits the client.

const SERVER = '127.132.5.1';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const server = () => defaultServer(SERVER, cleanups);

/** Registers each name, 200 at a time; the held ones and how many were refused. */
async function registerAll(port: number, list: string[]) {
  const held: EpmdRegistration[] = [];
  let refused = 0;
  for (let i = 0; i < list.length; i += 200) {
    const batch = await Promise.allSettled(
      list.slice(i, i + 200).map((name) => registerNode(SERVER, port, { name, port: 1 + i })),
    );
    for (const r of batch) {
      if (r.status === 'fulfilled') held.push(r.value);
      else if (r.reason instanceof EpmdNameTakenError) refused++;
      else throw r.reason;
    }
  }
  cleanups.push(() => Promise.all(held.map((r) => r.close())).then(() => undefined));
  return { held, refused };
}

describe('security: registrations against the embedded EPMD', () => {
  it('4,200 held registrations: the table fills, ALIVE2 says result 1, queries are served', async () => {
    const s = await server();
    const list = Array.from({ length: 4_200 }, (_, i) => `r${i}`);
    const { held, refused } = await registerAll(s.port, list);
    expect(held.length).toBe(4_096);
    expect(refused).toBe(4_200 - 4_096);
    expect(await portPlease(SERVER, s.port, 'r0', { timeout: 2_000 })).toBeDefined();
    expect(await names(SERVER, s.port, { timeout: 5_000 })).toHaveLength(4_096);
    // Room comes back when a registration ends.
    await held[0]!.close();
    const again = await registerNode(SERVER, s.port, { name: 'late', port: 7 });
    cleanups.push(() => again.close());
  });

  it('1,050 registrations of 1,000-byte names: NAMES stays within what the client reads', async () => {
    const s = await server();
    // 250 four-byte characters: 1,000 bytes, within Erlang's 255 characters.
    const list = Array.from(
      { length: 1_050 },
      (_, i) => `${i}`.padStart(4, '0') + '😀'.repeat(249),
    );
    const { held, refused } = await registerAll(s.port, list);
    expect(refused).toBeGreaterThan(0);
    const listed = await names(SERVER, s.port, { timeout: 5_000 });
    expect(listed).toHaveLength(held.length);
    const bytes =
      4 + listed.reduce((n, e) => n + 15 + Buffer.byteLength(e.name) + `${e.port}`.length, 0);
    expect(bytes).toBeLessThanOrEqual(MAX_NAMES_REPLY_BYTES);
  });
});
