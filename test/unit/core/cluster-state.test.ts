import { container } from 'tsyringe';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../../../src/core/cluster.js';
import { defaultContainer } from '../../../src/core/components.js';
import { ConfigError } from '../../../src/core/errors.js';
import { isBuiltinStrategy, registerStrategy } from '../../../src/core/strategy-registry.js';
import type { DnsLookup } from '../../../src/dns/dns-resolver.js';
import { DnsResolver } from '../../../src/dns/dns-resolver.js';
import '../../../src/strategies/builtin.js';
import { StaticStrategy } from '../../../src/strategies/static-strategy.js';

/** A resolver that answers every A query with `address`, and counts the questions. */
function fixedLookup(address: string): DnsLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (name) => {
      asked.push(name);
      return { kind: 'found', name, records: [address] };
    },
    resolveSrv: async (name) => ({ kind: 'empty', name, reason: 'NODATA' }),
  };
}

function clusterOn(self: string, resolver: DnsLookup): Cluster {
  return new Cluster(
    {
      name: self,
      transport: { kind: 'none' },
      topologies: {
        dns: {
          strategy: 'dns-poll',
          // A nameserver on our own loopback block: a resolver not injected asks nobody else.
          config: { query: 'peers.test', nodeBasename: 'app', nameservers: ['127.142.1.53:1'] },
        },
      },
    },
    { resolver },
  );
}

const running: Cluster[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

describe('two clusters in one process', () => {
  it("each cluster's strategies use the resolver that cluster was given", async () => {
    const lookupA = fixedLookup('127.142.1.2');
    const lookupB = fixedLookup('127.142.1.3');
    const a = clusterOn('app@127.142.1.10', lookupA);
    const b = clusterOn('app@127.142.1.11', lookupB);
    running.push(a, b);
    await Promise.all([a.start(), b.start()]);
    expect(a.wanted()).toEqual(['app@127.142.1.2']);
    expect(b.wanted()).toEqual(['app@127.142.1.3']);
    expect(lookupA.asked).toEqual(['peers.test']);
    expect(lookupB.asked).toEqual(['peers.test']);
  });

  it('share the built-in strategy names through the default container, not a module', () => {
    const own = defaultContainer.createChildContainer();
    expect(isBuiltinStrategy('dns-poll', own)).toBe(true);
    expect(() => registerStrategy('dns-poll', StaticStrategy, own)).toThrow(ConfigError);
    // The names live in the default container: a container outside it knows none.
    expect(isBuiltinStrategy('dns-poll', container.createChildContainer())).toBe(false);
  });

  it('never share a DNS query-id pool: each resolver owns its own', () => {
    const one = new DnsResolver({ nameservers: ['127.142.1.53'] });
    const two = new DnsResolver({ nameservers: ['127.142.1.53'] });
    const ids = (r: DnsResolver) => (r as unknown as { ids: object }).ids;
    expect(ids(one)).toBeDefined();
    expect(ids(one)).not.toBe(ids(two));
  });
});
