import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lanAddress, publicOrigin } from '../../cli/lanAddress.ts';
import { createAccessPolicy } from '../../server/access/accessPolicy.ts';
import { checkCustomPresenterToken, checkHandshake, tokensMatch } from '../../server/access/presenterToken.ts';
import { createTokenGuard } from '../../server/access/tokenGuard.ts';
import { safeRelativePath } from '../../server/http/static.ts';
import { createChangeFilter } from '../../server/live/coalescer.ts';
import { AUDIENCE_LIMIT, fullBucket, take } from '../../server/live/rateLimit.ts';
import { createRejections } from '../../server/live/rejections.ts';
import { createSerial } from '../../server/live/serial.ts';
import { resultsToCsv } from '../../server/results/talkResults.ts';
import { isStale } from '../../src/build/buildIfStale.ts';
import { eventually } from '../helpers/testClient.ts';

describe('auth', () => {
  it('compares tokens exactly', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch('abcd', 'abc')).toBe(false);
  });

  it('allows same origin (same scheme), the allow-list and no Origin; refuses the rest', () => {
    const policy = createAccessPolicy({ allowedOrigins: ['http://b'], ownNames: ['a'] });
    const req = (host: string | undefined, headers: Record<string, string> = {}) =>
      ({ headers: { host, ...headers }, socket: {} }) as unknown as http.IncomingMessage;
    expect(policy.checkHandshake(req('a:3000'))).toBe('ok');
    expect(policy.checkHandshake(req('a:3000', { origin: 'http://a:3000' }))).toBe('ok');
    expect(policy.checkHandshake(req('a:3000', { origin: 'http://A:3000' }))).toBe('ok');
    expect(policy.checkHandshake(req('a:3000', { origin: 'https://a:3000' }))).toBe('bad-origin');
    expect(policy.checkHandshake(req('a:3000', { origin: 'http://a:3001' }))).toBe('bad-origin');
    expect(policy.checkHandshake(req('a:3000', { origin: 'http://b' }))).toBe('ok');
    expect(policy.checkHandshake(req('a:3000', { origin: 'not a url' }))).toBe('bad-origin');
    expect(policy.checkHandshake(req('a:3000', { 'sec-fetch-site': 'cross-site' }))).toBe('bad-origin');
    expect(policy.checkHandshake(req('a:3000', { 'sec-fetch-site': 'same-origin' }))).toBe('ok');
  });

  it('gives a crowd of the same Host and Origin the same verdict, and each other request its own', () => {
    const policy = createAccessPolicy({ allowedOrigins: [], ownNames: ['a'] });
    const check = (host: string, origin: string, encrypted = false) =>
      policy.checkHandshake({ headers: { host, origin }, socket: { encrypted } } as unknown as http.IncomingMessage);
    for (let round = 0; round < 3; round++) {
      expect(check('a:3000', 'http://a:3000')).toBe('ok');
      expect(check('a:3000', 'http://a:3000')).toBe('ok');
      expect(check('a:3000', 'http://a:3000', true)).toBe('bad-origin');
      expect(check('a:3000', 'https://a:3000', true)).toBe('ok');
      expect(check('evil.example:1', 'http://evil.example:1')).toBe('bad-host');
      expect(check('a:3000', 'http://evil.example:1')).toBe('bad-origin');
      expect(check('a:3001', 'http://a:3000')).toBe('bad-origin');
    }
  });

  it('answers only to its own host names: addresses, localhost, its name, configured names', () => {
    const policy = createAccessPolicy({
      allowedOrigins: ['http://talk.example:8080'],
      ownNames: ['laptop', 'laptop.local'],
    });
    for (const host of [
      '127.0.0.1:3000',
      '192.168.1.23:3000',
      '[::1]:3000',
      'localhost:3000',
      'app.localhost',
      'laptop',
      'LAPTOP.local:3000',
      'talk.example',
      undefined,
    ]) {
      expect(policy.hostAllowed(host), String(host)).toBe(true);
    }
    for (const host of ['evil.example:4500', 'evil.example', '127.0.0.1.evil.example', 'a b', '']) {
      expect(policy.hostAllowed(host), host).toBe(false);
    }
    // DNS rebinding: Origin and Host agree, but the host is not this server's.
    const rebound = {
      headers: { host: 'evil.example:4500', origin: 'http://evil.example:4500' },
      socket: {},
    } as unknown as http.IncomingMessage;
    expect(policy.checkHandshake(rebound)).toBe('bad-host');
  });

  it('refuses a custom presenter token under 16 characters, naming the setting', () => {
    expect(() => checkCustomPresenterToken('1234')).toThrow(
      /LECTERN_PRESENTER_TOKEN is 4 characters; it must be at least 16/,
    );
    expect(() => checkCustomPresenterToken('a-long-enough-token')).not.toThrow();
  });

  it('makes an address wait after a few wrong tokens, longer each time; a right token clears it', () => {
    const guard = createTokenGuard({ freeTries: 3, firstWaitMs: 1000, maxWaitMs: 8000 });
    for (let i = 0; i < 3; i += 1) {
      expect(guard.mayTry('a', 0).ok).toBe(true);
      guard.failed('a', 0);
    }
    expect(guard.mayTry('a', 0)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(guard.mayTry('b', 0).ok).toBe(true);
    expect(guard.mayTry('a', 1000).ok).toBe(true);
    guard.failed('a', 1000);
    expect(guard.mayTry('a', 1000)).toEqual({ ok: false, retryAfterMs: 2000 });
    guard.failed('a', 3000);
    guard.failed('a', 7000);
    guard.failed('a', 15_000);
    expect(guard.mayTry('a', 15_000)).toEqual({ ok: false, retryAfterMs: 8000 });
    guard.succeeded('a');
    expect(guard.mayTry('a', 15_000).ok).toBe(true);
  });

  it('checks the handshake shape, the deck and the presenter token', () => {
    const isDeck = (d: string) => d === 'deck';
    const base = { deck: 'deck', clientId: 'abcdefgh12' };
    expect(checkHandshake({ ...base, role: 'audience' }, isDeck, 't')).toMatchObject({ ok: true });
    expect(checkHandshake({ ...base, role: 'presenter', token: 't' }, isDeck, 't')).toMatchObject({ ok: true });
    expect(checkHandshake({ ...base, role: 'presenter', token: 'u' }, isDeck, 't')).toEqual({
      ok: false,
      error: 'bad-token',
    });
    expect(checkHandshake({ ...base, deck: 'x', role: 'audience' }, isDeck, 't')).toEqual({
      ok: false,
      error: 'unknown-deck',
    });
    expect(checkHandshake(null, isDeck, 't')).toEqual({ ok: false, error: 'bad-auth' });
  });
});

describe('rate limit', () => {
  it('allows a burst, refills over time, closes after refusals in a row', () => {
    const bucket = fullBucket(AUDIENCE_LIMIT, 0);
    for (let i = 0; i < AUDIENCE_LIMIT.burst; i++) expect(take(bucket, AUDIENCE_LIMIT, 0)).toBe('allow');
    expect(take(bucket, AUDIENCE_LIMIT, 0)).toBe('refuse');
    expect(take(bucket, AUDIENCE_LIMIT, 1000 / AUDIENCE_LIMIT.perSecond)).toBe('allow');
    let verdict = 'refuse';
    for (let i = 0; i < AUDIENCE_LIMIT.closeAfter; i++) verdict = take(bucket, AUDIENCE_LIMIT, 200);
    expect(verdict).toBe('close');
  });
});

describe('static paths', () => {
  it('maps safe paths and refuses the rest', () => {
    expect(safeRelativePath('/')).toBe('');
    expect(safeRelativePath('/deck/join/')).toBe('deck/join');
    expect(safeRelativePath('/assets/a%20b.js')).toBe('assets/a b.js');
    for (const bad of ['/../x', '/a/%2e%2e/x', '/.git/config', '/x%00', '/a\\b', '/deck/manifest.json', '/%ZZ']) {
      expect(safeRelativePath(bad), bad).toBeNull();
    }
  });
});

describe('LAN address', () => {
  const iface = (address: string, internal = false) => ({
    address,
    internal,
    family: 'IPv4' as const,
    netmask: '',
    mac: '',
    cidr: null,
  });
  it('prefers the wifi or ethernet address over loopback and container bridges', () => {
    expect(
      lanAddress({ lo: [iface('127.0.0.1', true)], docker0: [iface('172.17.0.1')], wlan0: [iface('192.168.1.23')] }),
    ).toBe('192.168.1.23');
    expect(lanAddress({ lo: [iface('127.0.0.1', true)] })).toBeNull();
  });
  it('uses the bound host when there is one', () => {
    expect(publicOrigin('10.0.0.5', 3000)).toEqual({ origin: 'http://10.0.0.5:3000', reachable: true });
    expect(publicOrigin('127.0.0.1', 3000)).toEqual({ origin: 'http://127.0.0.1:3000', reachable: false });
  });
});

describe('small pieces', () => {
  it('sends a value only when it changed', () => {
    const sent: number[][] = [];
    const send = createChangeFilter((v: number[]) => sent.push(v));
    send([1]);
    send([1]);
    send([2]);
    expect(sent).toEqual([[1], [2]]);
  });

  it('runs serial jobs one at a time, in order, past a failure', async () => {
    const serial = createSerial();
    const order: string[] = [];
    const slow = serial(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('slow');
    });
    const failing = serial(async () => {
      order.push('failing');
      throw new Error('x');
    });
    const fast = serial(async () => order.push('fast'));
    await Promise.allSettled([slow, failing, fast]);
    expect(order).toEqual(['slow', 'failing', 'fast']);
  });

  it('keeps a spreadsheet from evaluating a prompt as a formula, in any locale, and leaves numbers alone', () => {
    const csvOf = (prompt: string, choice: string) =>
      resultsToCsv({
        deck: 'd',
        title: 't',
        run: null,
        exportedAt: '',
        questions: [
          {
            pollId: 'q1',
            prompt,
            phase: 'open',
            choices: [{ text: choice, count: 0, correct: true }],
            voters: 0,
            right: 0,
            percentRight: null,
          },
        ],
        rating: null,
        audienceQuestions: [],
        lostMe: [],
      }).split('\r\n')[1];
    expect(csvOf('=HYPERLINK("x")', '+1')).toBe(`q1,quiz,"'=HYPERLINK(""x"")",A,+1,true,0,0,,,open`);
    // A semicolon locale splits at `;`: quoted, the field stays one cell.
    expect(csvOf('a;=cmd()', '-5')).toBe(`q1,quiz,"a;=cmd()",A,-5,true,0,0,,,open`);
    // Full-width equals and plus, as typed with a CJK input method.
    expect(csvOf('\uFF1DSUM(A1)', '\uFF0B1')).toBe(`q1,quiz,'\uFF1DSUM(A1),A,'\uFF0B1,true,0,0,,,open`);
    expect(csvOf('-1+1', '@x')).toBe(`q1,quiz,'-1+1,A,'@x,true,0,0,,,open`);
  });
});

describe('rejection log', () => {
  it('writes one summary line of counts per interval, never the inputs', async () => {
    const lines: string[] = [];
    const rejections = createRejections({ info: () => {}, warn: (line) => lines.push(line) }, 20);
    rejections.count('forbidden');
    rejections.count('forbidden');
    rejections.count('invalid-payload');
    expect(lines).toEqual([]);
    await eventually(() => lines.length > 0, 'the summary line');
    expect(lines).toEqual(['refused inputs (+3): forbidden=2 invalid-payload=1']);
    rejections.close();
    expect(lines).toHaveLength(1);
  });
});

describe('build if stale', () => {
  // lectern's own sources (src/, themes/) count too: here the fixture folder stands for lectern's folder as well.
  const isStaleHere = (root: string, dist: string) => isStale(root, dist, root);
  it('builds when dist/ is missing or older than a source, not otherwise', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-stale-'));
    const dist = path.join(root, 'dist');
    // Folders count too (a deleted slide image shows only there), so they get old times as well.
    const at = (file: string, seconds: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (!fs.existsSync(file)) fs.writeFileSync(file, 'x');
      fs.utimesSync(file, seconds, seconds);
      for (let dir = path.dirname(file); dir !== root; dir = path.dirname(dir)) fs.utimesSync(dir, 1000, 1000);
    };
    at(path.join(root, 'slides', 'talk', 'deck.md'), 1000);
    expect(isStaleHere(root, dist)).toBe(true);
    at(path.join(dist, 'index.html'), 2000);
    at(path.join(dist, 'talk', 'manifest.json'), 2000);
    expect(isStaleHere(root, dist)).toBe(false);
    at(path.join(root, 'slides', 'talk', '.diagrams', 'cache.svg'), 3000);
    expect(isStaleHere(root, dist)).toBe(false);
    at(path.join(root, 'slides', 'talk', 'deck.md'), 3000);
    expect(isStaleHere(root, dist)).toBe(true);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
