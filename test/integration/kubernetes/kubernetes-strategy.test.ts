import { describe, expect, it } from 'vitest';
import type { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, recordEvents, sortedNames } from '../../helpers/rancher-fixtures.js';

const k8s = useKubernetesWorld('127.136.2.1');
const { started } = k8s;

const known = (s: KubernetesStrategy) => sortedNames(s.known());
const lists = () => k8s.world.api.requests.filter((r) => r.verb === 'list');
const watches = () => k8s.world.api.requests.filter((r) => r.verb === 'watch');

describe('watch, then poll', () => {
  it('lists once, then sees a change as a watch event from the list resourceVersion', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5', ready: true }],
    });
    const watchOpened = k8s.world.api.waitForRequest((r) => r.verb === 'watch');
    const s = await started({ service: 'hello' });
    expect(known(s)).toEqual(['hello@10.1.0.5']);
    const watch = await watchOpened;
    const listRv = String(k8s.world.api.store.resourceVersion);
    expect(watch.query.get('resourceVersion')).toBe(listRv);
    expect(watch.query.get('allowWatchBookmarks')).toBe('true');
    expect(watch.query.get('labelSelector')).toBe('kubernetes.io/service-name=hello');
    expect(watch.path).toBe('/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices');

    const diff = nextEvent(s, 'diff');
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [
        { address: '10.1.0.5', ready: true },
        { address: '10.1.0.6', ready: true },
      ],
    });
    expect(await diff).toEqual({ added: ['hello@10.1.0.6'], removed: [] });
    expect(lists()).toHaveLength(1);
  });

  it('polls every pollingInterval when watch is off', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    const s = await started({ service: 'hello', watch: false, pollingInterval: 20 });
    const diff = nextEvent(s, 'diff');
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.7' }],
    });
    expect(await diff).toEqual({ added: ['hello@10.1.0.7'], removed: ['hello@10.1.0.5'] });
    expect(watches()).toEqual([]);
    expect(lists().length).toBeGreaterThanOrEqual(2);
  });

  it('joins every slice of the Service, and a deleted slice takes its endpoints along', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      name: 'hello-a',
      endpoints: [{ address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      name: 'hello-b',
      endpoints: [{ address: '10.1.0.6' }, { address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'other',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.9' }],
    });
    const s = await started({ service: 'hello' });
    expect(known(s)).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
    // 10.1.0.5 is in both slices (the controller moving it): it stays while one lists it.
    const log = recordEvents(s);
    k8s.world.api.delete('endpointslices', 'prod', 'hello-a');
    const added = nextEvent(s, 'diff');
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      name: 'hello-c',
      endpoints: [{ address: '10.1.0.7' }],
    });
    expect(await added).toEqual({ added: ['hello@10.1.0.7'], removed: [] });
    const removed = nextEvent(s, 'diff');
    k8s.world.api.delete('endpointslices', 'prod', 'hello-b');
    const diff = await removed;
    expect(sortedNames(diff.removed)).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
    expect(log.diffs).toHaveLength(2);
    expect(known(s)).toEqual(['hello@10.1.0.7']);
  });
});

describe('who is wanted: EndpointSlice conditions', () => {
  const endpoints = [
    { address: '10.1.0.1', ready: true, serving: true, terminating: false },
    { address: '10.1.0.2' }, // conditions nil: ready
    { address: '10.1.0.3', ready: false, serving: false, terminating: false }, // not ready yet
    { address: '10.1.0.4', ready: false, serving: true, terminating: true }, // draining
    { address: '10.1.0.5', ready: false, serving: false, terminating: true }, // going
    // publishNotReadyAddresses: the controller reports ready even while it terminates
    { address: '10.1.0.6', ready: true, serving: true, terminating: true },
  ];

  it('wants ready endpoints, never terminating ones', async () => {
    k8s.world.api.putEndpointSlice({ service: 'hello', namespace: 'prod', endpoints });
    const s = await started({ service: 'hello' });
    expect(known(s)).toEqual(['hello@10.1.0.1', 'hello@10.1.0.2']);
  });

  it('includeNotReady adds endpoints not ready yet, still never terminating ones', async () => {
    k8s.world.api.putEndpointSlice({ service: 'hello', namespace: 'prod', endpoints });
    const s = await started({ service: 'hello', includeNotReady: true });
    expect(known(s)).toEqual(['hello@10.1.0.1', 'hello@10.1.0.2', 'hello@10.1.0.3']);
  });

  it('drops an endpoint as soon as it turns terminating (a rolling update)', async () => {
    const ready = (a: string) => ({ address: a, ready: true, serving: true, terminating: false });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [ready('10.1.0.1'), ready('10.1.0.2')],
    });
    const s = await started({ service: 'hello' });
    const log = recordEvents(s);
    const steps: [object[], string[]][] = [
      // the new pod starts, not ready
      [
        [
          ready('10.1.0.1'),
          ready('10.1.0.2'),
          { address: '10.1.0.3', ready: false, serving: false, terminating: false },
        ],
        ['hello@10.1.0.1', 'hello@10.1.0.2'],
      ],
      // it turns ready
      [
        [ready('10.1.0.1'), ready('10.1.0.2'), ready('10.1.0.3')],
        ['hello@10.1.0.1', 'hello@10.1.0.2', 'hello@10.1.0.3'],
      ],
      // an old one gets SIGTERM: terminating, still serving its drain
      [
        [
          { address: '10.1.0.1', ready: false, serving: true, terminating: true },
          ready('10.1.0.2'),
          ready('10.1.0.3'),
        ],
        ['hello@10.1.0.2', 'hello@10.1.0.3'],
      ],
      // and is gone
      [
        [ready('10.1.0.2'), ready('10.1.0.3')],
        ['hello@10.1.0.2', 'hello@10.1.0.3'],
      ],
    ];
    for (const [eps, expected] of steps) {
      k8s.world.api.putEndpointSlice({
        service: 'hello',
        namespace: 'prod',
        endpoints: eps as never,
      });
      await s.pollNow();
      expect(known(s)).toEqual(expected);
    }
    expect(log.diffs.flatMap((d) => d.removed)).toEqual(['hello@10.1.0.1']);
    expect(log.errors).toEqual([]);
  });
});

describe('who is wanted: pods by selector', () => {
  it('wants Running, Ready pods without a deletionTimestamp that match the selector', async () => {
    const labels = { app: 'hello' };
    k8s.world.api.putPod({ name: 'a', namespace: 'prod', labels, podIP: '10.1.1.1' });
    k8s.world.api.putPod({ name: 'b', namespace: 'prod', labels, podIP: '10.1.1.2', ready: false });
    k8s.world.api.putPod({
      name: 'c',
      namespace: 'prod',
      labels,
      podIP: '10.1.1.3',
      phase: 'Pending',
    });
    k8s.world.api.putPod({
      name: 'd',
      namespace: 'prod',
      labels,
      podIP: '10.1.1.4',
      terminating: true,
    });
    k8s.world.api.putPod({
      name: 'e',
      namespace: 'prod',
      labels,
      podIP: '10.1.1.5',
      phase: 'Succeeded',
    });
    k8s.world.api.putPod({
      name: 'f',
      namespace: 'prod',
      labels: { app: 'other' },
      podIP: '10.1.1.6',
    });
    k8s.world.api.putPod({ name: 'g', namespace: 'prod', labels }); // scheduled, no IP yet
    const s = await started({ source: 'pods', selector: 'app=hello' });
    expect(known(s)).toEqual(['hello@10.1.1.1']);
    const watch = k8s.world.api.requests.find((r) => r.verb === 'watch' || r.verb === 'list')!;
    expect(watch.path).toBe('/api/v1/namespaces/prod/pods');
    expect(watch.query.get('labelSelector')).toBe('app=hello');

    const diff = nextEvent(s, 'diff');
    k8s.world.api.putPod({
      name: 'a',
      namespace: 'prod',
      labels,
      podIP: '10.1.1.1',
      terminating: true,
    });
    expect(await diff).toEqual({ added: [], removed: ['hello@10.1.1.1'] });
  });

  it('includeNotReady adds Running pods that are not Ready', async () => {
    k8s.world.api.putPod({
      name: 'a',
      namespace: 'prod',
      labels: { app: 'hello' },
      podIP: '10.1.1.1',
    });
    k8s.world.api.putPod({
      name: 'b',
      namespace: 'prod',
      labels: { app: 'hello' },
      podIP: '10.1.1.2',
      ready: false,
    });
    k8s.world.api.putPod({
      name: 'c',
      namespace: 'prod',
      labels: { app: 'hello' },
      podIP: '10.1.1.3',
      ready: false,
      terminating: true,
    });
    const s = await started({ source: 'pods', selector: 'app=hello', includeNotReady: true });
    expect(known(s)).toEqual(['hello@10.1.1.1', 'hello@10.1.1.2']);
  });

  it('sees a pod whose labels stop matching as gone (the watch says DELETED)', async () => {
    k8s.world.api.putPod({
      name: 'a',
      namespace: 'prod',
      labels: { app: 'hello' },
      podIP: '10.1.1.1',
    });
    const s = await started({ source: 'pods', selector: 'app=hello' });
    const diff = nextEvent(s, 'diff');
    k8s.world.api.putPod({
      name: 'a',
      namespace: 'prod',
      labels: { app: 'quarantined' },
      podIP: '10.1.1.1',
    });
    expect(await diff).toEqual({ added: [], removed: ['hello@10.1.1.1'] });
  });
});

describe('names', () => {
  it("mode 'dns' names pods a-b-c-d.<ns>.pod.<clusterDomain>, IPv6 with dashes", async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: 'fd00:0:0::a' }],
    });
    const s = await started({ service: 'hello', mode: 'dns', clusterDomain: 'k8s.example' });
    expect(known(s)).toEqual(['hello@10-1-0-5.prod.pod.k8s.example']);
    await s.stop();
    const v6 = await started({ service: 'hello', mode: 'dns', ipFamily: 'IPv6' });
    expect(known(v6)).toEqual(['hello@fd00--a.prod.pod.cluster.local']);
  });

  it("mode 'hostname' names StatefulSet pods <hostname>.<service>.<ns>.svc.<domain>, warning once for one without", async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [
        { address: '10.1.0.5', hostname: 'hello-0' },
        { address: '10.1.0.6', hostname: 'hello-1' },
        { address: '10.1.0.7' },
      ],
    });
    const strategy = k8s.strategy({ service: 'hello', mode: 'hostname' });
    const log = recordEvents(strategy);
    await strategy.start();
    await strategy.ready;
    expect(known(strategy)).toEqual([
      'hello@hello-0.hello.prod.svc.cluster.local',
      'hello@hello-1.hello.prod.svc.cluster.local',
    ]);
    expect(log.warnings.map((w) => w.code)).toEqual(['MUSTER_ERR_KUBERNETES_ENDPOINT_SKIPPED']);
    expect(log.warnings[0]!.message).toContain('10.1.0.7');
  });

  it('names IPv6 pods by their canonical address when this node is IPv6', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: 'FD00:0000::0005' }, { address: 'fd00::6' }],
    });
    const s = await started({ service: 'hello' }, 'hello@fd00::1');
    expect(known(s)).toEqual(['hello@fd00::5', 'hello@fd00::6']);
  });

  it('dual-stack: one name per pod, in the family chosen (or this node’s own)', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: 'fd00::5' }],
    });
    k8s.world.api.putPod({
      name: 'a',
      namespace: 'prod',
      labels: { app: 'hello' },
      podIPs: ['10.1.0.5', 'fd00::5'],
    });
    const v4 = await started({ service: 'hello' });
    expect(known(v4)).toEqual(['hello@10.1.0.5']);
    await v4.stop();
    const v6 = await started({ service: 'hello', ipFamily: 'IPv6' });
    expect(known(v6)).toEqual(['hello@fd00::5']);
    await v6.stop();
    const pods6 = await started({ source: 'pods', selector: 'app=hello' }, 'hello@fd00::1');
    expect(known(pods6)).toEqual(['hello@fd00::5']);
    await pods6.stop();
    const podsHost = await started({
      source: 'pods',
      selector: 'app=hello',
      mode: 'hostname',
      service: 'hello',
    });
    expect(known(podsHost)).toEqual(['hello@a.hello.prod.svc.cluster.local']);
  });
});

describe('namespaces', () => {
  it('reads its own namespace from the service-account file, or uses the one configured', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'staging',
      endpoints: [{ address: '10.2.0.5' }],
    });
    const own = await started({ service: 'hello' });
    expect(known(own)).toEqual(['hello@10.1.0.5']);
    await own.stop();
    const other = await started({ service: 'hello', namespace: 'staging' });
    expect(known(other)).toEqual(['hello@10.2.0.5']);
  });

  it('keeps trying when the namespace file cannot be read, with a coded error', async () => {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      endpoints: [{ address: '10.1.0.5' }],
    });
    const strategy = k8s.strategy({
      service: 'hello',
      namespacePath: `${k8s.world.dir}/missing`,
      pollingInterval: 20,
    });
    const failed = nextEvent(strategy, 'error');
    await strategy.start();
    expect((await failed).code).toBe('MUSTER_ERR_KUBERNETES_CREDENTIALS');
    expect(k8s.world.api.requests).toEqual([]);
  });
});
