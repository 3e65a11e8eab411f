import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * How to start a demo node: the compiled `demo-node.js` next to this file under dist/, or, when
 * the demo itself runs from src/ through tsx (tests, `node --import tsx src/cli/main.ts`), the
 * `demo-node.ts` next to it with tsx loaded in the child too.
 */
export function demoNodeCommand(): { readonly execArgv: string[]; readonly script: string } {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(
    new URL(fromSource ? './demo-node.ts' : './demo-node.js', import.meta.url),
  );
  return { execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [], script };
}

/** Keeps the last `limit` characters of a child's stderr, to explain a failure. */
export class OutputTail {
  private text = '';
  constructor(private readonly limit = 2_000) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }
  toString(): string {
    return this.text.trim();
  }
}

/** Spawns one demo node with an IPC channel; stdout is dropped, stderr kept in `tail`. */
export function spawnDemoNode(env: NodeJS.ProcessEnv): { child: ChildProcess; tail: OutputTail } {
  const { execArgv, script } = demoNodeCommand();
  const child = spawn(process.execPath, [...execArgv, script], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
    env,
  });
  const tail = new OutputTail();
  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  return { child, tail };
}
