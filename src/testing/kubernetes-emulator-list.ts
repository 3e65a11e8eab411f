import type { ServerResponse } from 'node:http';
import { status } from './kubernetes-emulator-access.js';
import { json } from './kubernetes-emulator-requests.js';
import {
  type EmulatorResource,
  type KubeObject,
  type KubernetesEmulatorStore,
  sortKey,
  typeMetaOf,
} from './kubernetes-emulator-store.js';
import { toTable } from './kubernetes-emulator-table.js';

const LIST_KIND: Record<EmulatorResource, string> = {
  pods: 'PodList',
  endpointslices: 'EndpointSliceList',
};

/**
 * A list, whole or in `limit`-sized pages from one snapshot (API concepts, "Retrieving large
 * results in chunks"): the continue token names the snapshot's resourceVersion and the last key
 * sent; a snapshot compacted away answers 410 Expired, a token that is not ours 400.
 */
export function answerList(
  res: ServerResponse,
  store: KubernetesEmulatorStore,
  resource: EmulatorResource,
  ns: string | undefined,
  query: URLSearchParams,
  matches: (o: KubeObject) => boolean,
  table: boolean,
): void {
  const cont = query.get('continue');
  let rv = store.resourceVersion;
  let items: readonly KubeObject[];
  let after = '';
  if (cont !== null && cont !== '') {
    const token = decodeContinue(cont);
    if (token === undefined) {
      json(res, 400, status(400, 'BadRequest', 'continue key is not valid'));
      return;
    }
    const snapshot = store.snapshot(token.rv);
    if (snapshot === undefined) {
      json(
        res,
        410,
        status(
          410,
          'Expired',
          'the provided continue parameter is too old to display a consistent list result; start a new list without it',
        ),
      );
      return;
    }
    rv = token.rv;
    items = snapshot;
    after = token.after;
  } else {
    items = store.list(resource, ns).filter(matches);
  }
  const start = after === '' ? 0 : items.findIndex((o) => sortKey(o) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const limit = Number(query.get('limit'));
  const page = Number.isSafeInteger(limit) && limit > 0 ? rest.slice(0, limit) : rest;
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
  if (page.length < rest.length) {
    store.keepSnapshot(rv, items);
    metadata.continue = encodeContinue(rv, sortKey(page[page.length - 1]!));
    metadata.remainingItemCount = rest.length - page.length;
  }
  if (table) {
    json(res, 200, toTable(resource, page, metadata, query.get('includeObject')));
    return;
  }
  json(res, 200, {
    kind: LIST_KIND[resource],
    apiVersion: typeMetaOf(resource).apiVersion,
    metadata,
    items: page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
  });
}

function encodeContinue(rv: number, after: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: after })).toString(
    'base64url',
  );
}

function decodeContinue(token: string): { rv: number; after: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof v.rv === 'number' && typeof v.start === 'string')
      return { rv: v.rv, after: v.start };
  } catch {
    // Falls through to "not valid".
  }
  return undefined;
}
