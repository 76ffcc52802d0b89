/**
 * gpu.js's headless-gl mode from a test: whether it can run here (the native module `gl` built,
 * an X display or `xvfb-run`), and the kernel suite at training sizes run on it in a child
 * process (`headlessgl-run.ts`) under `xvfb-run` when no display is set.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../util/skip.js';
import type { CaseResult } from './kernel-suite.js';

/** The Debian/Ubuntu packages headless-gl builds and runs with (README "Backends and the GPU"). */
export const GL_PACKAGES = 'build-essential python3 pkg-config libxi-dev libglu1-mesa-dev libglew-dev xvfb xauth libgl1-mesa-dri';

/** `command`'s path when it is an executable on PATH, else null. */
export function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** Why the headless-gl suite cannot run here (with what to install), or null when it can. */
export function headlessGlUnavailableReason(): string | null {
  try {
    createRequire(join(projectRoot, 'package.json'))('gl');
  } catch {
    return `the native module \`gl\` (gpu.js's optional dependency headless-gl) is not built: apt-get install -y ${GL_PACKAGES}, then npm rebuild gl`;
  }
  if (!process.env.DISPLAY && !onPath('xvfb-run')) return 'no X display and no xvfb-run: apt-get install -y xvfb xauth libgl1-mesa-dri';
  return null;
}

export interface SuiteRun {
  backend: string;
  renderer: string | null;
  /** Where the GL came from when the renderer's name does not say (headless-gl reports 'ANGLE' over the X server's GL). */
  display?: string;
  results: CaseResult[];
}

/**
 * Run test/autograd/backend/headlessgl-run.ts in a child Node (under `xvfb-run -a` unless DISPLAY is
 * set) and return what it wrote; throws with the child's output when it did not finish.
 */
export async function runHeadlessGlSuite(timeoutMs = 15 * 60_000): Promise<SuiteRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tunegrad-headlessgl-'));
  const out = join(dir, 'results.json');
  const node = [process.execPath, '--import', 'tsx', join(projectRoot, 'test/autograd/backend/headlessgl-run.ts'), out];
  const [command, ...args] = process.env.DISPLAY ? node : ['xvfb-run', '-a', '-s', '-ac -screen 0 1280x1024x24', ...node];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(command, args, { cwd: projectRoot, timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${command} ${args.join(' ')} failed (${err.message.split('\n')[0]}):\n${stdout}${stderr}`));
        else resolve();
      });
    });
    const run = JSON.parse(readFileSync(out, 'utf8')) as SuiteRun;
    return { ...run, display: process.env.DISPLAY ? `X display ${process.env.DISPLAY}` : 'Xvfb, Mesa software GL' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
