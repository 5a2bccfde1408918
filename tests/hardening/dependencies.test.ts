/**
 * The packages on the wire are at versions past their known high-severity advisories.
 *
 * `npm audit` needs the registry's advisory endpoint, which an offline CI or a venue laptop cannot
 * reach; these floors are the part of it that matters for a server the room can talk to, checked
 * against what is actually installed and what the lock file would install.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigure } from './harness/figures.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Package → lowest safe version, with the advisory that sets it. */
const FLOORS: Record<string, { min: string; why: string }> = {
  'socket.io-parser': { min: '4.2.6', why: 'unbounded binary attachments (the issue sets this floor)' },
  'engine.io': { min: '6.4.2', why: 'CVE-2023-31125 (uncaught exception from a crafted request)' },
  ws: { min: '8.17.1', why: 'CVE-2024-37890 (crash on a request with many headers)' },
  'socket.io': { min: '4.6.2', why: 'CVE-2024-38355 (uncaught exception from a crafted packet)' },
  cookie: { min: '0.7.0', why: 'CVE-2024-47764 (cookie fields out of bounds)' },
};

function compare(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Every copy of `name` the lock file installs (hoisted or nested), by path. */
function lockedVersions(name: string): [string, string][] {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  return Object.entries(lock.packages)
    .filter(([where]) => where === `node_modules/${name}` || where.endsWith(`/node_modules/${name}`))
    .map(([where, info]) => [where, info.version ?? '0.0.0']);
}

const floorsMet: string[] = [];
let parserVersion = '';
afterAll(() => {
  recordFigure({
    item: '13. Dependencies',
    mode: 'lock file',
    rule: 'no high-severity issue; socket.io-parser ≥ 4.2.6',
    measured:
      `socket.io-parser ${parserVersion}; ${floorsMet.length}/${Object.keys(FLOORS).length} advisory floors met (${floorsMet.join(', ')}); ` +
      '`npm audit` cannot run offline (the registry answers 405 here)',
    pass: compare(parserVersion || '0.0.0', '4.2.6') >= 0 && floorsMet.length === Object.keys(FLOORS).length,
  });
});

describe('dependencies', () => {
  it('installs socket.io-parser 4.2.6 or later', () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'node_modules/socket.io-parser/package.json'), 'utf8'),
    ) as {
      version: string;
    };
    expect(compare(installed.version, '4.2.6'), `socket.io-parser ${installed.version}`).toBeGreaterThanOrEqual(0);
    parserVersion = installed.version;
  });

  for (const [name, { min, why }] of Object.entries(FLOORS)) {
    it(`locks every copy of ${name} at ${min} or later (${why})`, () => {
      const copies = lockedVersions(name);
      expect(copies.length, `${name} is in the lock file`).toBeGreaterThan(0);
      for (const [where, version] of copies)
        expect(compare(version, min), `${where} ${version}`).toBeGreaterThanOrEqual(0);
      floorsMet.push(`${name} ${copies.map(([, v]) => v).join('/')}`);
    });
  }
});
