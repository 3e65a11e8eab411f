import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { parseKubernetesConfig } from '../../../../src/strategies/kubernetes/kubernetes-config.js';

const IN_CLUSTER = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };

function configError(raw: unknown, env: NodeJS.ProcessEnv = IN_CLUSTER): ConfigError {
  try {
    parseKubernetesConfig(raw, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('kubernetes config', () => {
  it('fills the in-cluster defaults', () => {
    const c = parseKubernetesConfig(
      { nodeBasename: 'hello', service: 'hello-headless' },
      IN_CLUSTER,
    );
    expect(c).toMatchObject({
      mode: 'ip',
      source: 'endpointslices',
      apiServer: 'https://10.96.0.1:443',
      tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      caPath: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      namespacePath: '/var/run/secrets/kubernetes.io/serviceaccount/namespace',
      namespace: undefined,
      includeNotReady: false,
      watch: true,
      pollingInterval: 5000,
      clusterDomain: 'cluster.local',
      ipFamily: undefined,
    });
  });

  it('brackets an IPv6 KUBERNETES_SERVICE_HOST', () => {
    const c = parseKubernetesConfig(
      { nodeBasename: 'hello', service: 'h' },
      { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' },
    );
    expect(c.apiServer).toBe('https://[fd00::1]:6443');
  });

  it('names the missing or wrong key', () => {
    expect(configError({ nodeBasename: 'hello' }).path).toBe('service');
    expect(configError({ nodeBasename: 'hello', source: 'pods' }).path).toBe('selector');
    expect(
      configError({ nodeBasename: 'hello', source: 'pods', selector: 'app=x', mode: 'hostname' })
        .path,
    ).toBe('service');
    expect(configError({ nodeBasename: 'hello', service: 'h', selector: 'app=x' }).path).toBe(
      'selector',
    );
    expect(configError({ nodeBasename: 'hello', service: 'h', mode: 'fqdn' }).path).toBe('mode');
    expect(configError({ nodeBasename: 'hello', service: 'Bad_Name' }).path).toBe('service');
    expect(configError({ nodeBasename: 'hello', service: 'h', namespace: 'a.b' }).path).toBe(
      'namespace',
    );
    expect(configError({ nodeBasename: 'hello', service: 'h', apiServer: 'ftp://x' }).path).toBe(
      'apiServer',
    );
    expect(configError({ nodeBasename: 'hello', service: 'h', insecure: true }).path).toBe(
      'insecure',
    );
    expect(configError({ nodeBasename: 'hello', service: 'h' }, {}).path).toBe('apiServer');
  });

  it('takes an explicit apiServer without the in-cluster variables', () => {
    const c = parseKubernetesConfig(
      { nodeBasename: 'hello', service: 'h', apiServer: 'http://127.0.0.1:8001' },
      {},
    );
    expect(c.apiServer).toBe('http://127.0.0.1:8001');
  });
});
