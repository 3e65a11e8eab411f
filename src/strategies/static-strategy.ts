import { z } from 'zod';
import type { NodeName } from '../core/node-name.js';
import { BaseStrategy } from '../core/strategy.js';
import { parseWith, schemas } from '../core/validation.js';

export interface StaticConfig {
  readonly nodes: readonly NodeName[];
}

const schema = z.strictObject({
  nodes: z.array(schemas.nodeName(), {
    error: "expected an array of node names ('basename@host')",
  }),
});

/** A fixed list (libcluster's Epmd strategy): for dev machines and plain VMs. */
export class StaticStrategy extends BaseStrategy<StaticConfig> {
  static parseConfig(raw: unknown): StaticConfig {
    return parseWith(schema, raw);
  }

  protected onStart(): void {
    this.report(new Set(this.context.config.nodes));
  }

  protected onStop(): void {}
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type StaticConfigInput = z.input<typeof schema>;
