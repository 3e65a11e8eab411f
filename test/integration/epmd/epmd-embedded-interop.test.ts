import { describe } from 'vitest';
import { startEmbeddedEpmd } from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { epmdInteropSuite } from './epmd-interop-suite.js';

// `epmd -names` is the reference client, so this suite needs the epmd binary too.
const hasEpmd = hasPeerBinary('epmd');
const hasErl = hasEpmd && hasPeerBinary('erl');

describe.runIf(hasEpmd)('embedded EpmdServer', () => {
  epmdInteropSuite({
    label: 'embedded EpmdServer',
    start: () => startEmbeddedEpmd('127.30.11.1'),
    withErlang: hasErl,
    erlangAddress: '127.30.11.5',
  });
});
