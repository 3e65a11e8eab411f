import { describe, expect, it } from 'vitest';
import { describeGaps, isConverged } from '../../../src/cli/demo/demo-convergence.js';
import { frame, renderView } from '../../../src/cli/demo/demo-view.js';

const node = (i: number, state: string, peers: number[]) => ({
  name: `hello@127.60.1.${i}`,
  state,
  peers: new Set(peers.map((p) => `hello@127.60.1.${p}`)),
});

/** Drops ANSI CSI sequences (ESC [ ... letter). */
const strip = (s: string) =>
  s
    .split(String.fromCharCode(27))
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;?]*[A-Za-z]/, '')))
    .join('');

describe('demo convergence', () => {
  it('holds when every node that is up lists exactly the others', () => {
    expect(isConverged([node(1, 'up', [2, 3]), node(2, 'up', [1, 3]), node(3, 'up', [1, 2])])).toBe(
      true,
    );
    expect(isConverged([])).toBe(true);
  });

  it('ignores nodes that are leaving or gone, once the members dropped them', () => {
    const leaving = node(3, 'stopping', [1, 2]);
    expect(isConverged([node(1, 'up', [2]), node(2, 'up', [1]), leaving])).toBe(true);
    expect(isConverged([node(1, 'up', [2, 3]), node(2, 'up', [1]), leaving])).toBe(false);
  });

  it('does not hold while a node is starting or a link is missing, and says why', () => {
    const starting = [node(1, 'up', []), node(2, 'starting', [])];
    expect(isConverged(starting)).toBe(false);
    expect(describeGaps(starting)).toBe('hello@127.60.1.2 is still starting');
    const missing = [node(1, 'up', [2]), node(2, 'up', [1, 9]), node(3, 'up', [1, 2])];
    expect(isConverged(missing)).toBe(false);
    expect(describeGaps(missing)).toBe(
      'hello@127.60.1.1 lacks hello@127.60.1.3; hello@127.60.1.2 lacks hello@127.60.1.3; ' +
        'hello@127.60.1.2 still lists hello@127.60.1.9',
    );
  });
});

describe('demo live view', () => {
  const model = {
    title: 'muster demo',
    keys: 'keys: + - k q',
    answer: ['127.60.1.1', '127.60.1.2'],
    nodes: [node(1, 'up', [2]), node(2, 'up', [1]), node(3, 'killed', [])],
    status: 'converged',
    events: Array.from({ length: 40 }, (_, i) => ({ at: i * 10, source: 'demo', text: `e${i}` })),
  };

  it('shows each node with whom it is connected to, and the latest events that fit', () => {
    const lines = renderView(model, { columns: 80, rows: 20 }).map(strip);
    expect(lines).toContain('DNS answer: 127.60.1.1 127.60.1.2');
    expect(lines.find((l) => l.startsWith('hello@127.60.1.1'))).toMatch(/up\s+1\/1\s+✓ 2$/);
    expect(lines.find((l) => l.startsWith('hello@127.60.1.3'))).toMatch(/killed\s+0\/2/);
    // Exactly the rows, no more (a scrolled screen pushes the title away), and no line
    // reaching the last column (a deferred wrap tears the next line).
    expect(lines).toHaveLength(20);
    expect(lines.at(-1)).toMatch(/e39$/);
    expect(lines.every((l) => l.length <= 79)).toBe(true);
  });

  it('keeps the title on screen with more nodes than rows (80x20)', () => {
    const many = {
      ...model,
      nodes: Array.from({ length: 30 }, (_, i) => node(i + 1, 'up', [])),
    };
    const lines = renderView(many, { columns: 80, rows: 20 }).map(strip);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines[0]).toBe(model.title);
    expect(lines.some((l) => /^… \d+ more nodes/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('converged'))).toBe(true);
  });

  it('redraws in place: home, clear to end of line, clear below', () => {
    // No newline after the last line: on the bottom row it would scroll the screen.
    expect(frame(['a', 'b'])).toBe('\x1b[Ha\x1b[K\nb\x1b[K\x1b[J');
  });
});
