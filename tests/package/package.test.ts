/**
 * lectern as a speaker gets it: the project packed with `npm pack`, installed into an empty folder, and
 * the `lectern` command run there through npx: a new deck, a build, the live server with a phone voting,
 * a PDF. Then the same through create-lectern (`npm create lectern`), and `lectern init`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/protocol.ts';
import { PROJECT_ROOT } from '../helpers/build.ts';
import { installLectern, pack, type Run, run, startLectern } from './talkFolder.ts';

const TOKEN = 'package-test-token-0123456789';
const DECK = 'my-talk';

let scratch: string;
let lecternTarball: string;
let createTarball: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-package-'));
  // One after the other: create-lectern's prepack copies the guide deck, lectern's compiles lib/.
  lecternTarball = await pack(PROJECT_ROOT, scratch);
  createTarball = await pack(path.join(PROJECT_ROOT, 'create-lectern'), scratch);
}, 240_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, auth: Record<string, string>): Promise<Client> {
  const socket: Client = ioClient(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** What a talk folder must do once lectern is installed in it, whichever way it was made. */
async function giveTheTalk(folder: string, install: Run): Promise<void> {
  expect(install.stderr + install.stdout).not.toMatch(/EBADENGINE/);

  const build = await run('npx', ['lectern', 'build'], folder);
  expect(build.code, build.stderr).toBe(0);
  // The terminal gets one line per deck; Vite's asset list goes to the log.
  expect(build.stdout).toContain(`${DECK}: 12 slides, 2 polls`);
  expect(build.stdout).not.toMatch(/assets\/.*\.js/);
  expect(fs.readFileSync(path.join(folder, '.lectern', 'build.log'), 'utf8')).toMatch(/assets\/.*\.js/);
  expect(fs.existsSync(path.join(folder, 'dist', DECK, 'manifest.json'))).toBe(true);

  const talk = await startLectern(['start', '--port', '0', '--host', '127.0.0.1'], folder, {
    LECTERN_PRESENTER_TOKEN: TOKEN,
  });
  try {
    await expect.poll(() => talk.output()).toContain(`Phones scan to join ${DECK}: ${talk.url}/${DECK}/join/`);
    expect(talk.output()).toContain(`join      ${talk.url}/${DECK}/join/`);
    for (const page of ['', 'join/', 'speaker/']) {
      const response = await fetch(`${talk.url}/${DECK}/${page}`);
      expect(response.status, page).toBe(200);
      const html = await response.text();
      expect(html).toContain('My talk');
      // The page's bundled script, served from the talk folder's dist/.
      const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
      expect((await fetch(new URL(script!, talk.url))).status).toBe(200);
    }

    const presenter = await connect(talk.url, {
      deck: DECK,
      role: 'presenter',
      clientId: 'speaker-laptop-0001',
      token: TOKEN,
    });
    const phone = await connect(talk.url, { deck: DECK, role: 'audience', clientId: 'phone-in-row-three-01' });
    try {
      expect(await presenter.timeout(5000).emitWithAck('poll:open', { pollId: 'q1' })).toMatchObject({ ok: true });
      expect(await phone.timeout(5000).emitWithAck('vote', { pollId: 'q1', choice: 1 })).toEqual({
        ok: true,
        pollId: 'q1',
        choice: 1,
      });
    } finally {
      phone.disconnect();
      presenter.disconnect();
    }
  } finally {
    await talk.stop();
  }

  const results = await run('npx', ['lectern', 'results', DECK, '--json'], folder);
  expect(results.code, results.stderr).toBe(0);
  expect(JSON.parse(results.stdout).questions[0]).toMatchObject({ voters: 1 });

  const pdf = await run('npx', ['lectern', 'export', DECK, '--results'], folder);
  expect(pdf.code, pdf.stderr).toBe(0);
  const file = path.join(folder, `${DECK}.pdf`);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

  // Everything the commands wrote is in the talk folder; lectern's own stays as installed.
  const installed = path.join(folder, 'node_modules', 'lectern');
  for (const written of ['dist', '.lectern', 'slides'])
    expect(fs.existsSync(path.join(installed, written, DECK))).toBe(false);
  expect(fs.existsSync(path.join(installed, 'dist'))).toBe(false);
  expect(fs.existsSync(path.join(installed, '.lectern'))).toBe(false);
}

describe('the packed lectern, installed in an empty folder', () => {
  it("ships compiled JavaScript, the page sources, the themes, Mermaid's bundle and the guide deck, and no tests", async () => {
    const listing = await run('tar', ['-tzf', lecternTarball], scratch);
    const files = listing.stdout.split('\n');
    for (const file of [
      'package/lib/cli/main.js',
      'package/src/deck/main.ts',
      'package/themes/deck.css',
      'package/vendor/mermaid/mermaid.min.js',
      'package/slides/hello-lectern/deck.md',
      'package/LICENSE',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((file) => file.startsWith('package/tests/'))).toBe(false);
    const manifest = JSON.parse((await run('tar', ['-xzOf', lecternTarball, 'package/package.json'], scratch)).stdout);
    expect(manifest.private).toBeUndefined();
    expect(manifest.bin).toEqual({ lectern: 'lib/cli/main.js' });
    expect(Object.keys(manifest.dependencies)).not.toContain('mermaid');
    expect(Object.keys(manifest.dependencies)).toContain('vite');
  });

  it('npx lectern new, build, start (a phone votes), results and export, all in the talk folder', async () => {
    const folder = path.join(scratch, 'plain');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'plain', private: true }));
    const install = await installLectern(folder, lecternTarball);

    const version = await run('npx', ['lectern', '--version'], folder);
    expect(version.stdout.trim()).toBe(
      JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).version,
    );
    const created = await run('npx', ['lectern', 'new', DECK], folder);
    expect(created.code, created.stderr).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'slides', DECK, 'deck.md'), 'utf8')).toMatch(/^title: My talk$/m);

    await giveTheTalk(folder, install);

    // The installed (compiled) `lectern dev` serves the pages from the slides, with lectern's page scripts.
    const dev = await startLectern(['dev', '--port', '0', '--host', '127.0.0.1'], folder, {
      LECTERN_PRESENTER_TOKEN: TOKEN,
    });
    try {
      const join = await fetch(`${dev.url}/${DECK}/join/`);
      expect(join.status).toBe(200);
      const script = /<script type="module" src="(\/@lectern-module\/[^"]+)"/.exec(await join.text())?.[1];
      expect((await fetch(`${dev.url}${script}`)).status).toBe(200);
      expect((await fetch(`${dev.url}/api/talks/${DECK}`)).status).toBe(200);
    } finally {
      await dev.stop();
    }
  }, 300_000);

  it('npm create lectern makes a talk folder that gives the same talk', async () => {
    // `npm create lectern@latest my-talk` is `npm exec create-lectern my-talk`; here from the packed create-lectern.
    const made = await run(
      'npm',
      ['exec', '--yes', '--prefer-offline', `--package=${createTarball}`, '--', 'create-lectern', DECK],
      scratch,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('npx lectern dev');
    const folder = path.join(scratch, DECK);
    expect(fs.readdirSync(folder).sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'slides']);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    expect(manifest.dependencies.lectern).toMatch(/^\^\d/);
    expect(manifest.allowScripts).toEqual({ 'better-sqlite3': true });
    expect(fs.readFileSync(path.join(folder, 'README.md'), 'utf8')).toContain('npx lectern start');

    const install = await installLectern(folder, lecternTarball);
    await giveTheTalk(folder, install);

    // `lectern init` makes the same folder.
    const init = await run('npx', ['lectern', 'init', 'second-talk', '--deck=intro'], folder);
    expect(init.code, init.stderr).toBe(0);
    expect(fs.existsSync(path.join(folder, 'second-talk', 'slides', 'intro', 'deck.md'))).toBe(true);
  }, 300_000);
});

describe("the repository's own install", () => {
  // CI saves `npm ci`'s output (.ci/run) and points LECTERN_INSTALL_LOG at it.
  it.skipIf(!process.env.LECTERN_INSTALL_LOG)('npm ci printed no EBADENGINE warning', () => {
    const log = fs.readFileSync(process.env.LECTERN_INSTALL_LOG!, 'utf8');
    expect(log).toContain('added');
    expect(log).not.toMatch(/EBADENGINE/);
  });
});
