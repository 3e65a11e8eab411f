import { describe } from 'vitest';
import { startRealEpmd } from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { epmdInteropSuite } from './epmd-interop-suite.js';

const hasEpmd = hasPeerBinary('epmd');
const hasErl = hasEpmd && hasPeerBinary('erl');

describe.runIf(hasEpmd)("Debian's epmd", () => {
  epmdInteropSuite({
    label: "Debian's epmd",
    start: () => startRealEpmd('127.30.10.1'),
    withErlang: hasErl,
    erlangAddress: '127.30.10.5',
  });
});
