import { describe, expect, it } from 'vitest';
import { interpolate, placeholdersIn } from '../../../src/core/env-vars.js';
import { MissingVariableError } from '../../../src/core/errors.js';

const env: Record<string, string> = { IP: '10.0.0.1', EMPTY: '' };
const lookup = (k: string) => env[k];

describe('interpolate', () => {
  it('replaces placeholders in nested strings and leaves other values alone', () => {
    const fn = () => 1;
    const out = interpolate({ a: 'x@${IP}', b: [1, '${IP}'], c: { d: true, fn } }, lookup);
    expect(out).toEqual({ a: 'x@10.0.0.1', b: [1, '10.0.0.1'], c: { d: true, fn } });
    expect(out.c.fn).toBe(fn);
  });

  it('uses the fallback for unset and empty variables', () => {
    expect(interpolate('${NOPE:-a}/${EMPTY:-b}', lookup)).toBe('a/b');
  });

  it('throws MissingVariableError naming the variable and path', () => {
    expect(() => interpolate({ x: ['${NOPE}'] }, lookup)).toThrow(MissingVariableError);
    expect(() => interpolate({ x: ['${NOPE}'] }, lookup)).toThrow(/NOPE.*x\[0\]/);
  });

  it('leaves deferred variables for later', () => {
    expect(interpolate('a@${RANCHER_IP}', lookup, '', new Set(['RANCHER_IP']))).toBe(
      'a@${RANCHER_IP}',
    );
    expect(placeholdersIn('a@${RANCHER_IP}:${X:-1}')).toEqual(['RANCHER_IP', 'X']);
  });
});
