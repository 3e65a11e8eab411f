import { hostOf, type NodeName, toNodeName } from '../../../src/core/node-name.js';
import {
  type KubernetesWorld,
  kubernetesStrategy,
  startKubernetesWorld,
} from '../../helpers/kubernetes-fixtures.js';
import {
  type ComplianceSubject,
  strategyComplianceSuite,
} from '../../helpers/strategy-compliance.js';

const HOST = '127.136.1.1';
const name = (ip: string) => toNodeName(`hello@${ip}`);
const worlds = new WeakMap<ComplianceSubject, KubernetesWorld>();

/** One EndpointSlice of the Service listing exactly these nodes, ready (one write). */
function setSlice(world: KubernetesWorld, nodes: readonly NodeName[]): void {
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: nodes.map((n) => ({ address: hostOf(n), ready: true })),
  });
}

for (const watch of [true, false]) {
  strategyComplianceSuite(`kubernetes (watch: ${watch})`, {
    initial: [name('10.1.0.10'), name('10.1.0.11'), name('10.1.0.12')],
    extra: [name('10.1.0.20'), name('10.1.0.21')],
    async create() {
      const world = await startKubernetesWorld(HOST);
      setSlice(world, [name('10.1.0.10'), name('10.1.0.11'), name('10.1.0.12')]);
      // The real configuration; a long interval, so only refresh() and the watch drive it.
      const strategy = kubernetesStrategy(world, {
        service: 'hello',
        watch,
        pollingInterval: 60_000,
      });
      let heal: (() => void) | undefined;
      const subject: ComplianceSubject = {
        strategy,
        async setNodes(nodes) {
          setSlice(world, nodes);
        },
        async breakSource() {
          heal = world.api.injectFault({
            kind: 'status',
            status: 503,
            reason: 'ServiceUnavailable',
          });
        },
        async healSource() {
          heal?.();
        },
        refresh: () => strategy.pollNow(),
      };
      worlds.set(subject, world);
      return subject;
    },
    async cleanup(subject) {
      await worlds.get(subject)?.close();
    },
  });
}
