import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const APP = fileURLToPath(new URL('../swarm/fixtures/swarm-app.mjs', import.meta.url));

/**
 * A root filesystem for `docker import` (no registry, no base image): this machine's `node`
 * with the shared libraries `ldd` names, minimal /etc files, muster compiled from src/ with its
 * production dependencies as /app/node_modules, and the app at /app/app.mjs.
 */
export async function buildRootfs(rootfs: string): Promise<void> {
  const node = process.execPath;
  await mkdir(join(rootfs, 'usr/local/bin'), { recursive: true });
  await copyFile(node, join(rootfs, 'usr/local/bin/node'));
  const { stdout: ldd } = await execFileAsync('ldd', [node]);
  for (const lib of ldd.matchAll(/(\/\S+)\s+\(0x/g)) {
    const path = lib[1]!;
    await mkdir(join(rootfs, dirname(path)), { recursive: true });
    await copyFile(path, join(rootfs, path));
  }
  await mkdir(join(rootfs, 'etc'), { recursive: true });
  await mkdir(join(rootfs, 'tmp'), { recursive: true });
  await writeFile(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\n');
  await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\n');
  await writeFile(join(rootfs, 'etc/nsswitch.conf'), 'hosts: files dns\npasswd: files\n');

  const pkg = join(rootfs, 'app/node_modules/muster-cluster');
  await execFileAsync(
    process.execPath,
    [
      join(REPO, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(REPO, 'tsconfig.build.json'),
      '--outDir',
      join(pkg, 'dist'),
    ],
    { cwd: REPO },
  ).catch((err: { stdout?: string; message: string }) => {
    throw new Error(`compiling muster for the image failed: ${err.stdout || err.message}`);
  });
  await writeFile(join(pkg, 'package.json'), await readFile(join(REPO, 'package.json')));
  const { stdout: deps } = await execFileAsync(
    'npm',
    ['ls', '--omit=dev', '--parseable', '--all'],
    { cwd: REPO },
  );
  for (const dir of deps.split('\n').filter((d) => d && d !== REPO.replace(/\/$/, ''))) {
    await cp(dir, join(rootfs, 'app', relative(REPO, dir)), { recursive: true });
  }
  await copyFile(APP, join(rootfs, 'app/app.mjs'));
}
