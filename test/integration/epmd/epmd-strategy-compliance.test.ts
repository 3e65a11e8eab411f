import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { basenameOf, type NodeName, nodeName } from '../../../src/core/node-name.js';
import { registerNode } from '../../../src/epmd/epmd-client.js';
import type { EpmdRegistration } from '../../../src/epmd/epmd-registration.js';
import { EpmdServer } from '../../../src/epmd/epmd-server.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';
import { freePort } from '../../helpers/epmd-peers.js';
import {
  type ComplianceSubject,
  strategyComplianceSuite,
} from '../../helpers/strategy-compliance.js';

const HOST = '127.30.50.1';
const n = (basename: string): NodeName => nodeName(basename, HOST);

/** An embedded EPMD whose registrations the suite controls; breaking it stops the server. */
class EpmdSource {
  private server: EpmdServer | undefined;
  private readonly registrations = new Map<NodeName, EpmdRegistration>();
  private wanted: NodeName[] = [];

  constructor(readonly port: number) {}

  async up(): Promise<void> {
    this.server = new EpmdServer({ host: HOST, port: this.port });
    await this.server.start();
    this.registrations.clear();
    await this.set(this.wanted);
  }

  async down(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
    await Promise.all([...this.registrations.values()].map((r) => r.close()));
    this.registrations.clear();
  }

  async set(nodes: NodeName[]): Promise<void> {
    this.wanted = nodes;
    if (this.server === undefined) return;
    for (const [name, reg] of this.registrations) {
      if (!nodes.includes(name)) {
        this.registrations.delete(name);
        await reg.close();
      }
    }
    for (const [i, name] of nodes.entries()) {
      if (this.registrations.has(name)) continue;
      const reg = await registerNode(HOST, this.port, { name: basenameOf(name), port: 30_000 + i });
      this.registrations.set(name, reg);
    }
  }
}

const sources = new WeakMap<ComplianceSubject, EpmdSource>();

strategyComplianceSuite('epmd', {
  initial: [n('a'), n('b'), n('c')],
  extra: [n('d'), n('e')],
  async create() {
    const source = new EpmdSource(await freePort([HOST]));
    await source.set([n('a'), n('b'), n('c')]);
    await source.up();
    const strategy = new EpmdStrategy({
      topology: 'compliance',
      config: EpmdStrategy.parseConfig({
        hosts: [HOST],
        epmdPort: source.port,
        pollingInterval: 60_000,
        timeout: 1_000,
      }),
      logger: silentLogger(),
      clock: systemClock,
      self: n('self'),
    });
    const subject: ComplianceSubject = {
      strategy,
      setNodes: (nodes) => source.set(nodes),
      breakSource: () => source.down(),
      healSource: () => source.up(),
      refresh: () => strategy.pollNow(),
    };
    sources.set(subject, source);
    return subject;
  },
  async cleanup(subject) {
    await sources.get(subject)?.down();
  },
});
