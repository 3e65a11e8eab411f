import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';
import { runCli } from './cli-process.js';

let md: RancherMetadataEmulator;

beforeAll(async () => {
  md = await startEmulator('127.61.4.1');
  const self = md.addService({ stack: 'prod', name: 'my-hello-service', scale: 2 })[0]!;
  md.setSelf(self);
});

afterAll(async () => {
  await md.stop();
});

describe('muster env rancher', { timeout: 60_000 }, () => {
  it('prints shell exports of this container identity', async () => {
    const r = await runCli(['env', 'rancher', '--url', md.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^export RANCHER_IP='\d+\.\d+\.\d+\.\d+'$/m);
    expect(r.stdout).toMatch(/^export RANCHER_SERVICE_NAME='my-hello-service'$/m);
    expect(r.stdout).toMatch(/^export RANCHER_STACK_NAME='prod'$/m);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('exits 1 with MUSTER_ERR_IDENTITY when the metadata API is unreachable', async () => {
    const r = await runCli([
      'env',
      'rancher',
      '--url',
      'http://127.61.4.2:9',
      '--attempts',
      '1',
      '--timeout',
      '500',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^muster: MUSTER_ERR_IDENTITY: /);
  });
});
