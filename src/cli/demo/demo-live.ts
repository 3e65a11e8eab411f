import type { DemoEvent, DemoFleet } from './demo-fleet.js';
import { frame, renderView, screen } from './demo-view.js';

export interface LiveDemoOptions {
  readonly nodes: number;
  /** Scheduled up/down cycles before quitting; 0 runs until `q`. */
  readonly cycles: number;
  /** Milliseconds between scheduled steps; 0 = keys only. */
  readonly interval: number;
  readonly maxNodes: number;
  readonly signal: AbortSignal;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly title: string;
}

type Step = 'up' | 'down' | 'kill';
/** One scheduled cycle: grow, shrink gracefully, crash one, replace it. */
const CYCLE: readonly Step[] = ['up', 'down', 'kill', 'up'];
const KEYS = 'keys: + add a node   - remove one (graceful)   k kill one (SIGKILL)   q quit';
const MAX_EVENTS = 500;
const REDRAW_MS = 50;

/**
 * The interactive demo: a live view redrawn in place, scaling on a schedule and on keys.
 * Resolves when the user quits (`q`, Ctrl-C), the signal aborts, or the cycles are done.
 */
export async function runLiveDemo(fleet: DemoFleet, options: LiveDemoOptions): Promise<void> {
  const { stdin, stdout } = options;
  const events: DemoEvent[] = [];
  let status = 'starting…';
  let pending: { label: string; at: number } | undefined;
  let redrawTimer: NodeJS.Timeout | undefined;

  const draw = () => {
    redrawTimer = undefined;
    const lines = renderView(
      {
        title: options.title,
        keys: options.interval > 0 ? `${KEYS}   (auto-scaling every ${options.interval} ms)` : KEYS,
        answer: fleet.dnsAnswer(),
        nodes: fleet.list(),
        status,
        events,
      },
      { columns: stdout.columns || 100, rows: stdout.rows || 30 },
    );
    stdout.write(frame(lines));
  };
  const redraw = () => {
    redrawTimer ??= setTimeout(draw, REDRAW_MS);
  };
  const onEvent = (e: DemoEvent) => {
    events.push(e);
    if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
    redraw();
  };
  const onChange = () => {
    const n = fleet.members().length;
    if (fleet.isConverged()) {
      if (pending)
        status = `converged: full mesh of ${n} nodes, ${pending.label} took ${Math.round(performance.now() - pending.at)} ms`;
      pending = undefined;
    } else {
      status = pending
        ? `converging… (${pending.label}, ${Math.round(performance.now() - pending.at)} ms ago)`
        : 'converging…';
    }
    redraw();
  };
  const act = (step: Step) => {
    const count = fleet.list().length;
    if (step === 'up' && count >= options.maxNodes) return;
    if (step !== 'up' && fleet.members().length <= 1) return;
    if (step === 'up') fleet.add();
    else if (step === 'down') fleet.remove();
    else fleet.kill();
    pending = {
      label: step === 'up' ? 'scale-up' : step === 'down' ? 'scale-down' : 'kill',
      at: performance.now(),
    };
    onChange();
  };

  let quit!: () => void;
  const done = new Promise<void>((resolve) => {
    quit = resolve;
  });
  const onKey = (data: Buffer) => {
    for (const ch of data.toString()) {
      if (ch === '+' || ch === '=') act('up');
      else if (ch === '-' || ch === '_') act('down');
      else if (ch === 'k' || ch === 'K') act('kill');
      else if (ch === 'q' || ch === 'Q' || ch === '\u0003' || ch === '\u0004') quit();
    }
  };

  let steps = 0;
  const schedule =
    options.interval > 0
      ? setInterval(() => {
          if (options.cycles > 0 && steps >= options.cycles * CYCLE.length) return quit();
          // The schedule lets each change converge before the next; keys act at once.
          if (!fleet.isConverged()) return;
          act(CYCLE[steps % CYCLE.length]!);
          steps++;
        }, options.interval)
      : undefined;

  fleet.on('event', onEvent);
  fleet.on('change', onChange);
  stdout.on('resize', redraw);
  options.signal.addEventListener('abort', quit, { once: true });
  stdout.write(screen.enter);
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.on('data', onKey);
  stdin.resume();
  try {
    // Before the adds: each add() reports a change, which must already know what is pending.
    pending = { label: `start of ${options.nodes} nodes`, at: performance.now() };
    for (let i = 0; i < options.nodes; i++) fleet.add();
    draw();
    await done;
  } finally {
    clearInterval(schedule);
    clearTimeout(redrawTimer);
    fleet.off('event', onEvent);
    fleet.off('change', onChange);
    stdout.off('resize', redraw);
    options.signal.removeEventListener('abort', quit);
    stdin.off('data', onKey);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
    stdout.write(screen.leave);
  }
}
