import { type NodeName, toNodeName } from '../../../src/core/node-name.js';
import type { RancherMetadataStrategy } from '../../../src/strategies/rancher-metadata/rancher-metadata-strategy.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { rancherStrategy, startEmulator } from '../../helpers/rancher-fixtures.js';
import {
  type ComplianceSubject,
  strategyComplianceSuite,
} from '../../helpers/strategy-compliance.js';

const HOST = '127.40.4.1';
const STACK = 'prod';
const SERVICE = 'hello';

const name = (ip: string) => toNodeName(`hello@${ip}`);
const emulators = new WeakMap<ComplianceSubject, RancherMetadataEmulator>();

/** Makes the emulated service hold exactly one running container per node name. */
function setService(md: RancherMetadataEmulator, nodes: readonly NodeName[]): void {
  for (const c of md.containerNames(STACK, SERVICE)) md.removeContainer(c);
  for (const n of nodes) {
    md.addContainer({ stack: STACK, service: SERVICE, primaryIp: n.slice(n.indexOf('@') + 1) });
  }
}

strategyComplianceSuite('rancher-metadata', {
  initial: [name('10.42.0.10'), name('10.42.0.11'), name('10.42.0.12')],
  extra: [name('10.42.0.20'), name('10.42.0.21')],
  async create() {
    const md = await startEmulator(HOST);
    md.addService({ stack: STACK, name: SERVICE });
    setService(md, [name('10.42.0.10'), name('10.42.0.11'), name('10.42.0.12')]);
    // The real configuration: long polling on, a long interval (polls are driven by refresh).
    const strategy: RancherMetadataStrategy = rancherStrategy({
      url: md.url,
      pollingInterval: 60_000,
      service: { stack: STACK, name: SERVICE },
    });
    let heal: (() => void) | undefined;
    const subject: ComplianceSubject = {
      strategy,
      async setNodes(nodes) {
        setService(md, nodes);
      },
      async breakSource() {
        heal = md.injectFault({ kind: 'status', status: 500 });
      },
      async healSource() {
        heal?.();
      },
      refresh: () => strategy.pollNow(),
    };
    emulators.set(subject, md);
    return subject;
  },
  async cleanup(subject) {
    await emulators.get(subject)?.stop();
  },
});
