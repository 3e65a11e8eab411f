import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { type NodeName, nodeName } from '../../../src/core/node-name.js';
import { names, portPlease, registerNode } from '../../../src/epmd/epmd-client.js';
import { EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { EpmdPortMapping } from '../../../src/epmd/epmd-port-mapping.js';
import type { EpmdRegistration } from '../../../src/epmd/epmd-registration.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';
import { type EpmdUnderTest, epmdNamesCli, eventually } from '../../helpers/epmd-peers.js';
import { type ErlangNode, startErlangNode } from '../../helpers/erlang-node.js';

export interface InteropOptions {
  /** Which EPMD: Debian's or the embedded one. */
  readonly label: string;
  readonly start: () => Promise<EpmdUnderTest>;
  /** Whether `erl` is installed (the Erlang-node tests need it). */
  readonly withErlang: boolean;
  /** An address in 127.30.0.0/16 the Erlang nodes listen on. */
  readonly erlangAddress: string;
}

function strategyFor(epmd: EpmdUnderTest, extra: Record<string, unknown> = {}) {
  const config = EpmdStrategy.parseConfig({
    hosts: [epmd.host],
    epmdPort: epmd.port,
    pollingInterval: 60_000,
    ...extra,
  });
  return new EpmdStrategy({
    topology: 'epmd-test',
    config,
    logger: silentLogger(),
    clock: systemClock,
    self: nodeName('self', epmd.host),
  });
}

/**
 * The same checks against any EPMD: Erlang's own nodes and `epmd -names` on one side, muster's
 * client, strategy and port mapping on the other.
 */
export function epmdInteropSuite(options: InteropOptions): void {
  describe(`EPMD interop: ${options.label}`, () => {
    let epmd: EpmdUnderTest;
    const erlangNodes: ErlangNode[] = [];
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      epmd = await options.start();
      if (options.withErlang) {
        const started = await Promise.allSettled(
          ['foo', 'bar'].map((name) =>
            startErlangNode({
              name,
              epmdPort: epmd.port,
              epmdHost: epmd.host,
              listenAddress: options.erlangAddress,
            }),
          ),
        );
        for (const s of started) if (s.status === 'fulfilled') erlangNodes.push(s.value);
        const failed = started.find((s) => s.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
    }, 60_000);

    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    afterAll(async () => {
      await Promise.all(erlangNodes.map((n) => n.stop()));
      await epmd?.stop();
    });

    it.runIf(options.withErlang)(
      'lists real Erlang nodes with their ports, as epmd -names does',
      async () => {
        const cli = await epmdNamesCli(epmd.port);
        expect([...cli.keys()].sort()).toEqual(['bar', 'foo']);
        const ours = await names(epmd.host, epmd.port);
        expect(new Map(ours.map((n) => [n.name, n.port]))).toEqual(cli);

        const strategy = strategyFor(epmd);
        cleanups.push(() => strategy.stop());
        await strategy.start();
        await strategy.ready;
        expect([...strategy.known()].sort()).toEqual(
          [nodeName('bar', epmd.host), nodeName('foo', epmd.host)].sort(),
        );
      },
    );

    it.runIf(options.withErlang)(
      'answers PORT_PLEASE2 for an Erlang node as erl registered it',
      async () => {
        const cli = await epmdNamesCli(epmd.port);
        const foo = await portPlease(epmd.host, epmd.port, 'foo');
        expect(foo).toBeDefined();
        expect(foo!.port).toBe(cli.get('foo'));
        expect(foo!.name).toBe('foo');
        expect(foo!.nodeType).toBe(77);
        expect(foo!.protocol).toBe(0);
        expect(foo!.highestVersion).toBeGreaterThanOrEqual(6);
        expect(foo!.lowestVersion).toBeLessThanOrEqual(foo!.highestVersion);
        expect(await portPlease(epmd.host, epmd.port, 'nobody')).toBeUndefined();
      },
    );

    it.runIf(options.withErlang)(
      'refuses a muster registration under a name erl holds',
      async () => {
        await expect(
          registerNode(epmd.host, epmd.port, { name: 'foo', port: 40_000 }),
        ).rejects.toBeInstanceOf(EpmdNameTakenError);
      },
    );

    it.runIf(options.withErlang)('filters by names (list and RegExp)', async () => {
      const byList = strategyFor(epmd, { names: ['foo', 'nobody'] });
      const byRegExp = strategyFor(epmd, { names: /^b/g });
      cleanups.push(
        () => byList.stop(),
        () => byRegExp.stop(),
      );
      await Promise.all([byList.start(), byRegExp.start()]);
      await Promise.all([byList.ready, byRegExp.ready]);
      expect([...byList.known()]).toEqual([nodeName('foo', epmd.host)]);
      expect([...byRegExp.known()]).toEqual([nodeName('bar', epmd.host)]);
      await byRegExp.pollNow();
      expect([...byRegExp.known()]).toEqual([nodeName('bar', epmd.host)]);
    });

    it('registers a muster node that epmd -names shows until the registration closes', async () => {
      const registration: EpmdRegistration = await registerNode(epmd.host, epmd.port, {
        name: 'muster_client',
        port: 41_234,
      });
      cleanups.push(() => registration.close());
      expect(registration.creation).toBeGreaterThan(0);
      expect((await epmdNamesCli(epmd.port)).get('muster_client')).toBe(41_234);
      const entry = await portPlease(epmd.host, epmd.port, 'muster_client');
      expect(entry?.port).toBe(41_234);
      await registration.close();
      await eventually(
        async () => !(await epmdNamesCli(epmd.port)).has('muster_client'),
        'muster_client to leave epmd -names',
      );
    });

    it('publishes through EpmdPortMapping and resolves peers with portOf', async () => {
      const self = nodeName('muster_mapped', epmd.host) as NodeName;
      const mapping = new EpmdPortMapping({ epmdPort: epmd.port, logger: silentLogger() });
      cleanups.push(() => mapping.close());
      await mapping.publish(self, 42_345);
      expect(mapping.embeddedServer).toBeUndefined(); // an EPMD was already listening
      expect((await epmdNamesCli(epmd.port)).get('muster_mapped')).toBe(42_345);
      expect(await mapping.portOf(self)).toBe(42_345);
      if (options.withErlang) {
        const cli = await epmdNamesCli(epmd.port);
        expect(await mapping.portOf(nodeName('foo', epmd.host))).toBe(cli.get('foo'));
      }
      await expect(mapping.portOf(nodeName('nobody', epmd.host))).rejects.toMatchObject({
        code: 'MUSTER_ERR_EPMD_NOT_REGISTERED',
      });

      const strategy = strategyFor(epmd);
      cleanups.push(() => strategy.stop());
      await strategy.start();
      await strategy.ready;
      expect(strategy.known().has(self)).toBe(true);

      await mapping.close();
      await eventually(
        async () => !(await epmdNamesCli(epmd.port)).has('muster_mapped'),
        'muster_mapped to leave epmd -names',
      );
      await strategy.pollNow();
      expect(strategy.known().has(self)).toBe(false);
    });
  });
}
