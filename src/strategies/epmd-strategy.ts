import { z } from 'zod';
import { defaults } from '../core/defaults.js';
import { ConfigError, DiscoveryError, MusterError, toMusterError } from '../core/errors.js';
import { type NodeName, nodeName, parseNodeName } from '../core/node-name.js';
import { parseWith, schemas } from '../core/validation.js';
import { namesReply } from '../epmd/epmd-client.js';
import { epmdDefaults, epmdPortFromEnv } from '../epmd/epmd-defaults.js';
import { EpmdNameSkippedError } from '../epmd/epmd-errors.js';
import type { NamesResponse } from '../epmd/epmd-replies.js';
import { readHostsErlang, readHostsErlangSync } from '../epmd/hosts-erlang.js';
import { type PollingConfig, PollingStrategy } from './polling-strategy.js';

export interface EpmdConfig extends PollingConfig {
  /** Hosts whose EPMD to ask (IP addresses or DNS names). Exactly one of hosts/hostsFile. */
  readonly hosts?: readonly string[];
  /** A `.hosts.erlang` file, re-read on every poll. */
  readonly hostsFile?: string;
  /** The EPMD port on every host; default `ERL_EPMD_PORT` or 4369. */
  readonly epmdPort: number;
  readonly pollingInterval: number;
  /** Only these basenames (a list), or the basenames this RegExp matches. Default: all. */
  readonly names?: RegExp | readonly string[];
  /** Milliseconds for each host's NAMES request; default 5,000. */
  readonly timeout: number;
}

const hostSchema = z.string({ error: 'expected a host name or IP address' }).transform((s, ctx) => {
  try {
    return parseNodeName(`x@${s}`).host;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected a host name or IP address' });
    return z.NEVER;
  }
});

const schema = z.strictObject({
  hosts: z
    .array(hostSchema, { error: 'expected an array of host names or IP addresses' })
    .min(1, { error: 'expected at least one host' })
    .optional(),
  hostsFile: schemas.nonEmptyString('a path to a .hosts.erlang file').optional(),
  epmdPort: schemas
    .port()
    .refine((p) => p > 0, { error: 'expected a port number (1-65535)' })
    .default(() => epmdPortFromEnv()),
  pollingInterval: schemas.milliseconds().default(defaults.pollingInterval),
  names: z
    .union([z.instanceof(RegExp), z.array(schemas.nonEmptyString('a node basename'))], {
      error: 'expected a RegExp or an array of basenames',
    })
    .optional(),
  timeout: schemas.milliseconds().default(epmdDefaults.requestTimeoutMs),
});

/**
 * Asks the EPMD of every listed host which nodes live there (NAMES) and wants `name@host` for
 * each, as libcluster's ErlangHosts does with `.hosts.erlang`. Hosts are asked in parallel; a
 * host that does not answer is a `warning` for that host only, and the nodes it last listed are
 * kept; only when every host fails does the poll fail (and the known set stays as it was).
 */
export class EpmdStrategy extends PollingStrategy<EpmdConfig> {
  private readonly byHost = new Map<string, Set<NodeName>>();
  /** Per host, the unusable names it listed last time: each is warned about once, not per poll. */
  private readonly skippedByHost = new Map<string, Set<string>>();

  static parseConfig(raw: unknown): EpmdConfig {
    const config = parseWith(schema, raw);
    if (config.hosts !== undefined && config.hostsFile !== undefined) {
      throw new ConfigError('hostsFile', 'either hosts or hostsFile, not both', 'both');
    }
    if (config.hosts === undefined && config.hostsFile === undefined) {
      throw new ConfigError('hosts', 'a list of hosts (or a hostsFile)', 'nothing');
    }
    if (config.hostsFile !== undefined) {
      try {
        for (const host of readHostsErlangSync(config.hostsFile)) parseNodeName(`x@${host}`);
      } catch (err) {
        throw new ConfigError(
          'hostsFile',
          'a readable .hosts.erlang file of host names',
          (err as Error).message,
        );
      }
    }
    return config;
  }

  protected async poll(signal: AbortSignal): Promise<Set<NodeName>> {
    const { epmdPort, timeout } = this.context.config;
    const hosts = await this.hosts();
    const accept = this.nameFilter();
    const answers = await Promise.allSettled(
      hosts.map((host) => namesReply(host, epmdPort, { signal, timeout })),
    );
    const failures: { host: string; error: MusterError }[] = [];
    const next = new Map<string, Set<NodeName>>();
    answers.forEach((answer, i) => {
      const host = hosts[i]!;
      if (answer.status === 'rejected') {
        failures.push({ host, error: toMusterError(answer.reason, 'MUSTER_ERR_EPMD_PROTOCOL') });
        next.set(host, this.byHost.get(host) ?? new Set());
        return;
      }
      next.set(host, this.usable(host, answer.value, accept));
    });
    if (signal.aborted) return new Set(this.current);
    if (hosts.length > 0 && failures.length === hosts.length) {
      const codes = new Set(failures.map((f) => f.error.code));
      const code = codes.size === 1 ? [...codes][0]! : 'MUSTER_ERR_DISCOVERY';
      const detail = failures.map((f) => f.error.message).join('; ');
      throw new DiscoveryError(this.context.topology, `no EPMD answered: ${detail}`, {
        code,
        cause: failures[0]!.error,
      });
    }
    for (const { host, error } of failures) this.warn(this.discoveryError(host, error));
    this.byHost.clear();
    for (const host of this.skippedByHost.keys()) {
      if (!next.has(host)) this.skippedByHost.delete(host);
    }
    const all = new Set<NodeName>();
    for (const [host, found] of next) {
      this.byHost.set(host, found);
      for (const n of found) all.add(n);
    }
    return all;
  }

  /**
   * The nodes of one host's answer. Lines that are not `name <n> at port <p>` and names that
   * are not valid basenames are skipped, as `net_adm:names` skips them; each such name gives
   * one warning while the host keeps listing it.
   */
  private usable(
    host: string,
    reply: NamesResponse,
    accept: (name: string) => boolean,
  ): Set<NodeName> {
    const { epmdPort } = this.context.config;
    const before = this.skippedByHost.get(host);
    const now = new Set<string>();
    const skip = (listed: string, reason: string) => {
      now.add(listed);
      if (!before?.has(listed)) {
        this.warn(new EpmdNameSkippedError(host, epmdPort, listed, reason));
      }
    };
    for (const line of reply.skipped ?? []) skip(line, 'not a "name <n> at port <p>" line');
    const found = new Set<NodeName>();
    for (const entry of reply.nodes) {
      if (!accept(entry.name)) continue;
      try {
        found.add(nodeName(entry.name, host));
      } catch (err) {
        skip(entry.name, toMusterError(err).message);
      }
    }
    if (now.size > 0) this.skippedByHost.set(host, now);
    else this.skippedByHost.delete(host);
    return found;
  }

  private async hosts(): Promise<string[]> {
    const { hosts, hostsFile } = this.context.config;
    if (hosts !== undefined) return [...hosts];
    let listed: string[];
    try {
      listed = await readHostsErlang(hostsFile!);
    } catch (err) {
      throw new DiscoveryError(this.context.topology, (err as Error).message, {
        cause: err,
        code: err instanceof MusterError ? err.code : undefined,
      });
    }
    const valid = new Set<string>();
    for (const host of listed) {
      try {
        valid.add(parseNodeName(`x@${host}`).host);
      } catch (err) {
        this.warn(this.discoveryError(host, toMusterError(err)));
      }
    }
    return [...valid];
  }

  private nameFilter(): (name: string) => boolean {
    const { names } = this.context.config;
    if (names === undefined) return () => true;
    if (names instanceof RegExp) {
      const re = new RegExp(names.source, names.flags.replace(/[gy]/g, ''));
      return (name) => re.test(name);
    }
    const wanted = new Set(names);
    return (name) => wanted.has(name);
  }

  private discoveryError(host: string, error: MusterError): DiscoveryError {
    return new DiscoveryError(this.context.topology, `host ${host}: ${error.message}`, {
      cause: error,
      code: error.code,
    });
  }
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type EpmdConfigInput = z.input<typeof schema>;
