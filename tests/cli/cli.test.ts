/**
 * The `lectern` command line: one parser for every subcommand (`--flag value` and `--flag=value`),
 * help and version, mistakes answered with the usage, and `start` moving to the next free port.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIST, PROJECT_ROOT } from '../helpers/build.ts';
import { run, startLectern } from '../package/talkFolder.ts';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(PROJECT_ROOT, 'cli', 'main.ts');
const lectern = (args: string[], cwd = PROJECT_ROOT) => run(TSX, [CLI, ...args], cwd, {}, 60_000);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-cli-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('lectern', () => {
  it('--help lists every command; --version prints the package version', async () => {
    const help = await lectern(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['init', 'new', 'dev', 'build', 'start', 'export', 'results'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const version = await lectern(['--version']);
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version,
    );
    const startHelp = await lectern(['start', '--help']);
    expect(startHelp.stdout).toContain('--max-phones-per-ip');
  });

  it('refuses an unknown command or flag, and a missing argument, with the usage and exit code 2', async () => {
    const unknown = await lectern(['present']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no command "present"');
    const flag = await lectern(['build', '--fast']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--fast'[\s\S]*Usage: lectern build/);
    const missing = await lectern(['new']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: lectern new <deck>');
  });

  it('reads --flag=value and --flag value alike', async () => {
    const folder = path.join(scratch, 'flags');
    expect((await lectern(['init', folder, '--deck=first'])).code).toBe(0);
    expect((await lectern(['init', path.join(scratch, 'flags2'), '--deck', 'first'])).code).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'slides', 'first', 'deck.md'), 'utf8')).toBe(
      fs.readFileSync(path.join(scratch, 'flags2', 'slides', 'first', 'deck.md'), 'utf8'),
    );
    const taken = await lectern(['new', 'first'], folder);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('slides/first already exists');
    const badName = await lectern(['new', 'My Talk'], folder);
    expect(badName.stderr).toContain('cannot be a deck name');
  });

  it('says where to go when run outside a talk folder', async () => {
    const empty = fs.mkdtempSync(path.join(scratch, 'empty-'));
    const build = await lectern(['build'], empty);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('no slides/ folder');
  });

  it('start serves on the next free port when the asked one is taken, and says so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const talk = await startLectern(
      [
        'start',
        `--port=${taken}`,
        '--host',
        '127.0.0.1',
        '--no-build',
        '--dist',
        DIST,
        '--data',
        path.join(scratch, 'talks.sqlite'),
      ],
      PROJECT_ROOT,
      { LECTERN_PRESENTER_TOKEN: 'cli-test-token-0123456789' },
      TSX,
      [CLI],
    );
    try {
      const port = Number(new URL(talk.url).port);
      expect(port).toBeGreaterThan(taken);
      await expect.poll(() => talk.output()).toContain(`port ${taken} is taken: serving on ${port}`);
      expect((await fetch(`${talk.url}/hello-lectern/join/`)).status).toBe(200);
      // Several decks: the QR code opens the chooser.
      await expect.poll(() => talk.output()).toContain(`Phones scan to choose a talk: ${talk.url}/join/`);
    } finally {
      await talk.stop();
      blocker.close();
    }
  });
});
