/**
 * A talk folder outside the repository, as a speaker has one: lectern installed from its packed tarball,
 * the `lectern` command run through npx, servers on 127.0.0.1 and a free port.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../helpers/build.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never rejects, so a test can assert on the exit code and output. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  timeout = 240_000,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npm pack` of a folder into `into`; resolves with the tarball's path. */
export async function pack(folder: string, into: string): Promise<string> {
  const result = await run('npm', ['pack', '--silent', '--pack-destination', into], folder);
  if (result.code !== 0) throw new Error(`npm pack ${folder} failed:\n${result.stderr}`);
  return path.join(into, result.stdout.trim().split('\n').pop()!);
}

/**
 * Installs the lectern tarball into `folder` from the npm cache (the repository's own install filled
 * it), without install scripts, then gives better-sqlite3 the native module the repository compiled:
 * the same version for the same Node, so what runs is what `npm install` would have built, without
 * compiling SQLite from source (about 100 s) in every test run. Everything else comes from the tarball
 * and the registry's packages as a speaker gets them. Resolves with npm's output, for its warnings.
 */
export async function installLectern(folder: string, tarball: string): Promise<Run> {
  const result = await run(
    'npm',
    ['install', tarball, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
    folder,
  );
  if (result.code !== 0) throw new Error(`npm install in ${folder} failed:\n${result.stderr}`);
  const compiled = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(path.join(folder, compiled)), { recursive: true });
  fs.copyFileSync(path.join(PROJECT_ROOT, compiled), path.join(folder, compiled));
  return result;
}

export interface RunningTalk {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts a long-running lectern command (`start`, `dev`) and resolves once it printed the port it bound. */
export function startLectern(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  command = 'npx',
  prefix: string[] = ['lectern'],
): Promise<RunningTalk> {
  const child: ChildProcess = spawn(command, [...prefix, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // npx runs lectern in a child of its own: the signal goes to the whole group.
    process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`lectern ${args.join(' ')} printed no port within 120 s:\n${output}`));
    }, 120_000);
    const check = () => {
      const port = /lectern listening port=(\d+)/.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ url: `http://127.0.0.1:${port}`, output: () => output, stop });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lectern ${args.join(' ')} exited (${code}):\n${output}`));
    });
  });
}
