import { execFileSync } from 'node:child_process';

/**
 * Whether a real peer program (dnsmasq, epmd, erl, ip) is installed. In CI (CI=true) a missing
 * peer is a failure, because .ci/run installs them; elsewhere the test is skipped with a reason.
 */
export function hasPeerBinary(binary: string): boolean {
  let found = false;
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    found = true;
  } catch {
    found = false;
  }
  if (!found && process.env.CI === 'true') {
    throw new Error(`${binary} is not installed, but CI=true: .ci/run must install it`);
  }
  if (!found) {
    console.warn(`[muster tests] ${binary} not found: skipping the tests that need it`);
  }
  return found;
}
