/**
 * Kubernetes watch: N = 1,000 endpoints known (10 EndpointSlices of 100), then one new
 * endpoint at a time is written to the emulator; measured from that write (the watch event
 * leaves the API server) to the strategy's diff, and to the transport's connect call (which
 * includes the cluster's 25 ms debounce). A callback transport stands for the connect, so the
 * number is discovery's own latency. The emulator serves plain HTTP on loopback (no TLS cost).
 */

import { performance } from 'node:perf_hooks';
import { createCluster } from '../../src/index.js';
import { KubernetesApiEmulator } from '../../src/testing/index.js';
import { load1 } from '../lib/env-info.js';
import { round } from '../lib/measure.js';
import type { ScenarioOptions, ScenarioResult } from '../lib/result.js';

/** In this scenario's own loopback block, port 0. */
const API_HOST = '127.136.9.1';
const PER_SLICE = 100;

const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export async function kubernetesWatch(options: ScenarioOptions): Promise<ScenarioResult> {
  const n = options.n ?? 1_000;
  const events = options.quick ? 20 : 100;
  const started = performance.now();
  const loadStart = load1();
  const api = new KubernetesApiEmulator({ host: API_HOST, anonymous: {} });
  const slices = Math.ceil(n / PER_SLICE);
  for (let s = 0; s < slices; s++) {
    const endpoints = [];
    for (let i = s * PER_SLICE; i < Math.min(n, (s + 1) * PER_SLICE); i++) {
      endpoints.push({ address: ipOf(i + 1), ready: true });
    }
    api.putEndpointSlice({ service: 'hello', namespace: 'bench', name: `hello-${s}`, endpoints });
  }
  const apiServer = await api.start();
  const connectedAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const cluster = createCluster({
    // Sorts before every peer, so the core dials at once instead of yielding to the peer's
    // dial (dialYieldMs): the number stays discovery's.
    name: 'hello@1.0.0.1',
    transport: {
      kind: 'callback',
      connect: (node: string) => {
        connectedAt.set(node, performance.now());
        waiters.get(node)?.();
        return true;
      },
      disconnect: () => true,
    },
    topologies: {
      k8s: {
        strategy: 'kubernetes',
        config: { nodeBasename: 'hello', service: 'hello', namespace: 'bench', apiServer },
      },
    },
    logLevel: 'silent',
  });
  const diffAt = new Map<string, number>();
  cluster.on('diff', (d) => {
    const now = performance.now();
    for (const name of d.added) diffAt.set(name, now);
  });
  const toDiff: number[] = [];
  const toConnect: number[] = [];
  try {
    await cluster.start();
    await cluster.ready({ minNodes: n, timeout: 60_000 });
    options.progress(`${n} endpoints known; ${events} watch events`);
    // The extra endpoint goes into its own slice, rewritten each time (one event per write).
    const extra: { address: string; ready: boolean }[] = [];
    for (let e = 0; e < events; e++) {
      const ip = ipOf(n + 1 + e);
      const name = `hello@${ip}`;
      extra.push({ address: ip, ready: true });
      const connected = new Promise<void>((resolve) => waiters.set(name, resolve));
      const t0 = performance.now();
      api.putEndpointSlice({
        service: 'hello',
        namespace: 'bench',
        name: 'hello-extra',
        endpoints: extra,
      });
      await connected;
      waiters.delete(name);
      toDiff.push(diffAt.get(name)! - t0);
      toConnect.push(connectedAt.get(name)! - t0);
    }
  } finally {
    await cluster.stop();
    await api.stop();
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return {
      medianMs: round(s[Math.floor(s.length / 2)]!),
      p95Ms: round(s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!),
      maxMs: round(s[s.length - 1]!),
    };
  };
  return {
    scenario: 'kubernetes-watch',
    load: { start: loadStart, end: load1() },
    wallMs: round(performance.now() - started),
    ratios: {},
    targets: {},
    notes: [
      'event -> diff: from the emulator writing the slice to the strategy reporting the new node',
      "event -> connect: to the transport's connect call, including the cluster's 25 ms debounce",
      'the extra slice grows by one endpoint per event, so each event carries up to N/10 endpoints',
    ],
    data: { endpoints: n, events, eventToDiff: stats(toDiff), eventToConnect: stats(toConnect) },
  };
}
