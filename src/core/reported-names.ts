import { DiscoveryError, InvalidNodeNameError, type MusterError } from './errors.js';
import { type NodeName, toNodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';

/**
 * The boundary check for names a registered strategy reports (built-in strategies build
 * canonical names themselves, so their diffs skip it): each added name is parsed and
 * canonicalised; one that is not a node name is left out and handed to `reject` as a
 * DiscoveryError with code MUSTER_ERR_INVALID_NODE_NAME, so it is never wanted nor dialed.
 * Removed names are canonicalised the same way; an invalid one was never added, so it is dropped.
 */
export function checkReportedNames(
  topology: string,
  reject: (error: MusterError) => void,
): (diff: NodeDiff) => NodeDiff {
  return (diff) => {
    const added: NodeName[] = [];
    for (const raw of diff.added) {
      const name = canonical(raw);
      if (name instanceof InvalidNodeNameError) {
        reject(
          new DiscoveryError(topology, `strategy reported ${name.message}; left out`, {
            code: name.code,
            cause: name,
          }),
        );
      } else added.push(name);
    }
    const removed: NodeName[] = [];
    for (const raw of diff.removed) {
      const name = canonical(raw);
      if (!(name instanceof InvalidNodeNameError)) removed.push(name);
    }
    return { added, removed };
  };
}

function canonical(raw: unknown): NodeName | InvalidNodeNameError {
  if (typeof raw !== 'string') return new InvalidNodeNameError(String(raw), 'not a string');
  try {
    return toNodeName(raw);
  } catch (err) {
    return err instanceof InvalidNodeNameError ? err : new InvalidNodeNameError(raw, String(err));
  }
}
