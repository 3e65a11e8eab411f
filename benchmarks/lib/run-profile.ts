/**
 * A CPU profile of a timed phase only (not module loading): `BENCH_PROFILE_RUN_DIR=dir` makes
 * `startRunProfile()` .. `stopRunProfile(name)` write `dir/<name>-<pid>.cpuprofile`. Without
 * the variable both do nothing. One profile at a time per process.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const RUN_PROFILE_DIR = process.env.BENCH_PROFILE_RUN_DIR;
let session: Session | undefined;

export async function startRunProfile(): Promise<void> {
  if (RUN_PROFILE_DIR === undefined) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

export async function stopRunProfile(name: string): Promise<void> {
  if (session === undefined || RUN_PROFILE_DIR === undefined) return;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(
    join(RUN_PROFILE_DIR, `${name}-${process.pid}.cpuprofile`),
    JSON.stringify(profile),
  );
  session.disconnect();
  session = undefined;
}
