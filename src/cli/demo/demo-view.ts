import type { DemoEvent } from './demo-fleet.js';

/** What the live view shows; built by the live demo from the fleet on every redraw. */
export interface ViewModel {
  readonly title: string;
  readonly keys: string;
  readonly answer: readonly string[];
  readonly nodes: readonly {
    readonly name: string;
    readonly state: string;
    readonly peers: ReadonlySet<string>;
  }[];
  readonly status: string;
  readonly events: readonly DemoEvent[];
}

const ESC = '\x1b[';
const COLORS: Record<string, string> = {
  up: '32',
  starting: '33',
  stopping: '33',
  killed: '31',
  failed: '31',
  gone: '90',
};

const paint = (code: string | undefined, text: string) =>
  code === undefined ? text : `${ESC}${code}m${text}${ESC}0m`;

/** The host of `basename@host`, or the name itself. */
const hostPart = (name: string) => name.slice(name.indexOf('@') + 1);

/** The shortest suffix that tells peers apart: the last octet for 127.x.y.z nodes. */
const short = (name: string) => hostPart(name).split('.').at(-1) ?? name;

export function formatAt(ms: number): string {
  return `+${(ms / 1000).toFixed(3).padStart(7)}s`;
}

/**
 * At most `columns - 1` characters: a line that fills the last column makes many terminals
 * wrap (or defer a wrap) and the next line lands one row off, tearing the redraw.
 */
function clip(text: string, columns: number): string {
  const max = Math.max(1, columns - 1);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The screen as lines (ANSI colors, no cursor movement): header, the DNS answer, one row per
 * node with whom it is connected to (✓ when exactly the other nodes that are up), then as many
 * of the latest events as fit.
 */
export function renderView(model: ViewModel, size: { columns: number; rows: number }): string[] {
  const { columns, rows } = size;
  const lines: string[] = [];
  lines.push(paint('1', clip(model.title, columns)));
  lines.push(paint('2', clip(model.keys, columns)));
  lines.push('');
  lines.push(clip(`DNS answer: ${model.answer.join(' ') || '(no records)'}`, columns));
  lines.push('');
  const up = model.nodes.filter((n) => n.state === 'up');
  const width = Math.max(4, ...model.nodes.map((n) => n.name.length));
  lines.push(paint('1', clip(`${'NODE'.padEnd(width)}  STATE     PEERS  CONNECTED TO`, columns)));
  // Never more lines than rows: a screen that scrolls pushes the title away and every
  // later redraw lands one row off. Nodes that do not fit are counted on one line.
  const fixed = lines.length + 5; // status block and the EVENTS heading below
  const nodeRoom = Math.max(1, rows - fixed);
  const shown = model.nodes.length > nodeRoom ? model.nodes.slice(0, nodeRoom - 1) : model.nodes;
  for (const n of shown) {
    const others = up.filter((o) => o !== n);
    const exact =
      n.state === 'up' &&
      n.peers.size === others.length &&
      others.every((o) => n.peers.has(o.name));
    const peers = [...n.peers]
      .map(short)
      .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    const count = `${n.peers.size}/${others.length}`.padEnd(5);
    const row = `${n.name.padEnd(width)}  ${n.state.padEnd(8)}  ${count}  ${exact ? '✓' : ' '} ${peers.join(' ')}`;
    lines.push(paint(COLORS[n.state], clip(row, columns)));
  }
  if (shown.length < model.nodes.length) {
    lines.push(
      paint('2', `… ${model.nodes.length - shown.length} more nodes (enlarge the terminal)`),
    );
  }
  if (model.nodes.length === 0) lines.push(paint('2', '(no nodes)'));
  lines.push('');
  lines.push(clip(model.status, columns));
  lines.push('');
  lines.push(paint('1', 'EVENTS'));
  const room = rows - lines.length;
  for (const e of room > 0 ? model.events.slice(-room) : []) {
    lines.push(clip(`${formatAt(e.at)} ${e.source.padEnd(width)}  ${e.text}`, columns));
  }
  return lines;
}

/**
 * Redraws in place: cursor home, each line cleared to its end, the rest of the screen cleared.
 * No newline after the last line: on the bottom row it would scroll the screen.
 */
export function frame(lines: readonly string[]): string {
  return `${ESC}H${lines.map((l) => `${l}${ESC}K`).join('\n')}${ESC}J`;
}

export const screen = {
  enter: `${ESC}?1049h${ESC}?25l${ESC}2J`,
  leave: `${ESC}?25h${ESC}?1049l`,
};
