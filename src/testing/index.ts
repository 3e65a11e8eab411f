/**
 * Test helpers for users' own tests and for the demo: real servers on loopback that a test
 * can reprogram at run time. Import from 'muster-cluster/testing'.
 */

export {
  type DnsFault,
  type DnsFaultMode,
  type DnsQueryEvent,
  DnsServer,
  type DnsServerEvents,
  type DnsServerOptions,
  type DnsSrvTarget,
} from './dns-server.js';
export {
  KubernetesApiEmulator,
  type KubernetesApiEmulatorOptions,
  type KubernetesFault,
  type KubernetesFaultMatch,
  type KubernetesRequestInfo,
} from './kubernetes-api-emulator.js';
export type {
  EmulatorRule as KubernetesEmulatorRule,
  EmulatorTokenInit as KubernetesEmulatorTokenInit,
  EmulatorVerb as KubernetesEmulatorVerb,
} from './kubernetes-emulator-access.js';
export {
  type EmulatorEndpointInit as KubernetesEndpointInit,
  type EmulatorPodInit as KubernetesPodInit,
  type EmulatorSliceInit as KubernetesSliceInit,
  endpointSliceObject,
  podObject,
} from './kubernetes-emulator-objects.js';
export type {
  EmulatorResource as KubernetesEmulatorResource,
  KubeObject,
} from './kubernetes-emulator-store.js';
export { ManualClock } from './manual-clock.js';
export {
  type EmulatorContainerInit,
  type EmulatorServiceInit,
  type RancherEmulatorApiVersion,
  type RancherFault,
  type RancherFaultMatch,
  type RancherJson,
  RancherMetadataEmulator,
  type RancherMetadataEmulatorOptions,
  type RancherRequestInfo,
} from './rancher-metadata-emulator.js';
export {
  type ComplianceFixture,
  type ComplianceMatchers,
  type ComplianceSubject,
  type ComplianceTestApi,
  complianceContext,
  strategyComplianceSuite,
} from './strategy-compliance.js';
