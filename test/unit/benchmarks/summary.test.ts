import { expect, it } from 'vitest';
import { summarize } from '../../../benchmarks/lib/summary.js';

it('summarizes a run in lines a person reads: ratios, targets met or missed, failures', () => {
  const text = summarize({
    quick: true,
    results: [
      {
        scenario: 'resolve-and-connect',
        load: { start: 1, end: 1 },
        wallMs: 12_345,
        ratios: { 'n1000.share_of_raw': 0.82 },
        targets: {
          share_of_raw: { value: 0.82, target: '>= 0.7', met: true },
          cpu_ms: { value: 3.1, target: '< 2 ms', met: false },
        },
        notes: [],
        data: { big: 'x'.repeat(10_000) },
      },
    ],
    failures: [{ scenario: 'churn', error: 'Error: boom' }],
  });
  expect(text.split('\n')).toEqual([
    'benchmarks (quick sizes):',
    '  resolve-and-connect (12.3 s)',
    '    n1000.share_of_raw: 0.82',
    '    ok   share_of_raw: 0.82 (target >= 0.7)',
    '    MISS cpu_ms: 3.1 (target < 2 ms)',
    '  churn: FAILED Error: boom',
    '1 of 2 targets met, 1 scenario(s) failed (full results: --json <file>)',
    '',
  ]);
});
