import {
  RANCHER_API_VERSIONS,
  type RancherApiVersion,
} from '../../strategies/rancher-metadata/rancher-defaults.js';
import { rancherEnvExports } from '../../strategies/rancher-metadata/rancher-identity.js';
import { helpOption, intOption, parseCommandArgs } from '../args.js';
import { ExitCode, UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { cliLogger } from '../topology-probes.js';

const API_VERSIONS = RANCHER_API_VERSIONS;

const help = `Usage: muster env rancher [--url <url>] [--api-version <v>] [--timeout <ms>] [--attempts <n>]

Asks the Rancher 1.x metadata API who this container is and prints shell exports:

  export RANCHER_IP='10.42.240.66'
  export RANCHER_SERVICE_NAME='my-hello-service'
  export RANCHER_STACK_NAME='hello'
  export RANCHER_CONTAINER_NAME='hello-my-hello-service-1'

so an entrypoint can run: eval "$(muster env rancher)"

Options:
      --url <url>          metadata API (default http://rancher-metadata)
      --api-version <v>    ${API_VERSIONS.join(', ')} (default latest)
      --timeout <ms>       per request (default 2000)
      --attempts <n>       tries before giving up (default 5)
  -h, --help               this text

Exit codes: 0 printed, 1 the metadata API did not answer usefully, 2 bad arguments.`;

export const envCommand: Command = {
  name: 'env',
  summary: 'print identity exports (env rancher)',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('env', {
      args,
      allowPositionals: true,
      options: {
        ...helpOption,
        url: { type: 'string' },
        'api-version': { type: 'string' },
        timeout: { type: 'string' },
        attempts: { type: 'string' },
      },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    const [provider, ...rest] = positionals;
    if (provider !== 'rancher' || rest.length > 0) {
      throw new UsageError(
        provider === undefined
          ? 'muster env needs a provider: muster env rancher'
          : `unknown identity provider ${JSON.stringify(provider)}; known: rancher`,
      );
    }
    const apiVersion = values['api-version'];
    if (apiVersion !== undefined && !isApiVersion(apiVersion)) {
      throw new UsageError(
        `--api-version expects one of ${API_VERSIONS.join(', ')}, got ${JSON.stringify(apiVersion)}`,
      );
    }
    const timeout = intOption(values.timeout, 'timeout', { min: 1, max: 600_000 });
    const attempts = intOption(values.attempts, 'attempts', { min: 1, max: 100 });
    const exports = await rancherEnvExports({
      url: values.url,
      apiVersion,
      timeout,
      attempts,
      logger: cliLogger(),
      signal: context.signal,
    });
    context.out(exports.replace(/\n$/, ''));
    return ExitCode.ok;
  },
};

function isApiVersion(v: string): v is RancherApiVersion {
  return (API_VERSIONS as readonly string[]).includes(v);
}
