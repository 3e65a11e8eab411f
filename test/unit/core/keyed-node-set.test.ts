import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedNodeSet, type NodeKey } from '../../../src/core/keyed-node-set.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { diffNodeSets } from '../../../src/core/node-set-diff.js';

const keyOf = (item: string): NodeKey => (/^\d+$/.test(item) ? Number(item) : item);
const nameOf = (item: string) => `app@${item}` as NodeName;
const sorted = (xs: Iterable<NodeName>) => [...xs].sort();

describe('KeyedNodeSet', () => {
  it('reports a minimal diff, once per repeated key, and changes nothing until committed', () => {
    const s = new KeyedNodeSet();
    const first = s.compare(['1', 'a', '1'], keyOf, nameOf);
    expect(first).toMatchObject({ added: ['app@1', 'app@a'], removed: [] });
    expect(s.size).toBe(0);
    first.commit();
    expect(sorted(s.nameSet())).toEqual(['app@1', 'app@a']);
    // Abandoned: the next comparison is still against ['1', 'a'].
    s.compare(['2'], keyOf, nameOf);
    const next = s.compare(['a', '2', '2'], keyOf, nameOf);
    expect(next).toMatchObject({ added: ['app@2'], removed: ['app@1'] });
    next.commit();
    expect(sorted(s.nameSet())).toEqual(['app@2', 'app@a']);
    expect(s.compare(['2', 'a'], keyOf, nameOf)).toMatchObject({ added: [], removed: [] });
  });

  it('builds a name only when its key is not held', () => {
    const s = new KeyedNodeSet();
    let built = 0;
    const counting = (item: string) => {
      built++;
      return nameOf(item);
    };
    s.compare(['1', '2'], keyOf, counting).commit();
    const names = [...s.nameSet()];
    s.compare(['3'], keyOf, counting).commit();
    const back = s.compare(['1', '2', '3'], keyOf, counting);
    back.commit();
    expect(built).toBe(5);
    // '1' and '2' were dropped, so they are built again; '3' kept its name.
    expect(back.added).toEqual(names);
    const again = s.compare(['3', '1'], keyOf, counting);
    expect(again).toMatchObject({ added: [], removed: ['app@2'] });
    expect(built).toBe(5);
  });

  it('agrees with diffNodeSets over any sequence of answers, committed or abandoned', () => {
    const answer = fc.array(fc.constantFrom('1', '2', '3', '10', 'x', 'y', 'fd00::1'), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ answer, commit: fc.boolean() }), { maxLength: 12 }),
        (polls) => {
          const s = new KeyedNodeSet();
          let reported = new Set<NodeName>();
          for (const { answer: items, commit } of polls) {
            const pending = s.compare(items, keyOf, nameOf);
            const next = new Set(items.map(nameOf));
            const expected = diffNodeSets(reported, next);
            expect(sorted(pending.added)).toEqual(sorted(expected.added));
            expect(sorted(pending.removed)).toEqual(sorted(expected.removed));
            if (!commit) continue;
            pending.commit();
            reported = next;
            expect(sorted(s.nameSet())).toEqual(sorted(reported));
            expect(s.size).toBe(reported.size);
          }
        },
      ),
    );
  });
});
