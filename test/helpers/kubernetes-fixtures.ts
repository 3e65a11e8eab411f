import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { toNodeName } from '../../src/core/node-name.js';
import { KubernetesStrategy } from '../../src/strategies/kubernetes/kubernetes-strategy.js';
import {
  KubernetesApiEmulator,
  type KubernetesApiEmulatorOptions,
} from '../../src/testing/kubernetes-api-emulator.js';
import { makeTestCerts, type TestCerts } from './tcp-test-certs.js';

/** The token the fixtures' service account holds (allowed everything unless a test says so). */
export const TOKEN = 'muster-test-token-0';

/** A TLS emulator on `host` plus the service-account files a pod would have. */
export interface KubernetesWorld {
  readonly api: KubernetesApiEmulator;
  readonly certs: TestCerts;
  /** A directory holding `token`, `ca.crt` and `namespace`. */
  readonly dir: string;
  readonly tokenPath: string;
  readonly caPath: string;
  readonly namespacePath: string;
  /** Writes a new token file (a kubelet rotating a projected token). */
  writeToken(token: string): void;
  /** The config keys that point a strategy at this world. */
  readonly config: {
    apiServer: string;
    tokenPath: string;
    caPath: string;
    namespacePath: string;
  };
  close(): Promise<void>;
}

const certsByHost = new Map<string, TestCerts>();

/** One CA and server certificate per address (openssl is slow enough to share them). */
export function certsFor(host: string): TestCerts {
  let certs = certsByHost.get(host);
  if (certs === undefined) {
    certs = makeTestCerts({ san: [`IP:${host}`] });
    certsByHost.set(host, certs);
  }
  return certs;
}

/** Starts an HTTPS emulator on `host` (port 0) with the fixtures' token and namespace 'prod'. */
export async function startKubernetesWorld(
  host: string,
  options: Omit<KubernetesApiEmulatorOptions, 'host' | 'tls'> = {},
): Promise<KubernetesWorld> {
  const certs = certsFor(host);
  const api = new KubernetesApiEmulator({
    ...options,
    host,
    tls: { key: certs.key, cert: certs.cert },
  });
  api.addToken(TOKEN);
  const apiServer = await api.start();
  const dir = mkdtempSync(join(tmpdir(), 'muster-k8s-'));
  const tokenPath = join(dir, 'token');
  const caPath = join(dir, 'ca.crt');
  const namespacePath = join(dir, 'namespace');
  writeFileSync(tokenPath, `${TOKEN}\n`);
  writeFileSync(caPath, certs.ca);
  writeFileSync(namespacePath, 'prod');
  return {
    api,
    certs,
    dir,
    tokenPath,
    caPath,
    namespacePath,
    writeToken: (token) => writeFileSync(tokenPath, token),
    config: { apiServer, tokenPath, caPath, namespacePath },
    async close() {
      await api.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A strategy (not started) on the world's API server; `self` picks the address family. */
export function kubernetesStrategy(
  world: KubernetesWorld,
  raw: Record<string, unknown>,
  self = 'hello@10.1.0.1',
): KubernetesStrategy {
  const config = KubernetesStrategy.parseConfig({
    nodeBasename: 'hello',
    ...world.config,
    ...raw,
  });
  return new KubernetesStrategy({
    topology: 'k8s',
    config,
    logger: silentLogger(),
    clock: systemClock,
    self: toNodeName(self),
  });
}

/** What `useKubernetesWorld` hands a test file. */
export interface KubernetesTestContext {
  /** This test's world (a fresh emulator per test). */
  readonly world: KubernetesWorld;
  /** A strategy on the world, stopped after the test. */
  strategy(raw: Record<string, unknown>, self?: string): KubernetesStrategy;
  /** The same, started, after its first answer. */
  started(raw: Record<string, unknown>, self?: string): Promise<KubernetesStrategy>;
  /** Runs after the test, before the world closes (a cluster's stop). */
  onCleanup(fn: () => Promise<unknown>): void;
}

/**
 * Gives every test of the calling file a fresh world on `host` and stops what the test
 * started afterwards: the setup the Kubernetes tests share.
 */
export function useKubernetesWorld(
  host: string,
  setup?: (world: KubernetesWorld) => void,
): KubernetesTestContext {
  let current: KubernetesWorld | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    current = await startKubernetesWorld(host);
    setup?.(current);
  });
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    await current?.close();
  });
  const context: KubernetesTestContext = {
    get world() {
      if (current === undefined) throw new Error('no world outside a test');
      return current;
    },
    strategy(raw, self) {
      const s = kubernetesStrategy(context.world, raw, self);
      cleanups.push(() => s.stop());
      return s;
    },
    async started(raw, self) {
      const s = context.strategy(raw, self);
      await s.start();
      await s.ready;
      return s;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
  return context;
}
