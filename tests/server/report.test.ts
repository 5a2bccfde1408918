/**
 * The report after a talk: its figures are the recorded timeline's, to the millisecond, whether read
 * from a hand-made timeline or from a run recorded by the real server; and its data needs the token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildRunReport } from '../../server/results/report.ts';
import type { RunRecord } from '../../server/results/runSummary.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Timeline } from '../../server/talk/runs.ts';
import type { TalkReport } from '../../src/protocol.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';
import { FIXTURE_MANIFEST } from './fixtureDist.ts';

const T0 = Date.parse('2026-11-30T19:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;

function record(timeline: Timeline): RunRecord {
  return {
    run: { id: 3, name: 'Berlin meetup', rehearsal: false, startedAt: at(-300), endedAt: null },
    stored: { seq: 0, slide: null, polls: {}, ballots: [], ratings: [] },
    timeline,
  };
}

describe('the report from a timeline', () => {
  it('gives each slide its time (fragments and revisits included) and each section the sum of its slides', () => {
    const report = buildRunReport(
      { ...FIXTURE_MANIFEST, sections: [{ number: 1, title: 'Only part', minutes: 1, firstSlide: 1 }] },
      record({
        slides: [
          { at: at(0), h: 0, v: 0, f: -1 }, // cover, untimed: 20 s
          { at: at(20), h: 1, v: 0, f: -1 }, // part one: 30 s, then a fragment for 15 s
          { at: at(50), h: 1, v: 0, f: 0 },
          { at: at(65), h: 1, v: 1, f: -1 }, // below: 40 s
          { at: at(105), h: 2, v: 0, f: -1 }, // question one: 25 s
          { at: at(130), h: 1, v: 0, f: 1 }, // back to part one: 10 s
          { at: at(140), h: 4, v: 0, f: -1 }, // the rating, until the room leaves
        ],
        audience: [
          { at: at(-60), count: 4 },
          { at: at(10), count: 20 },
          { at: at(150), count: 18 },
          { at: at(170), count: 11 }, // still more than half of the peak: the talk goes on
          { at: at(180), count: 3 }, // the room has left
          { at: at(90_000), count: 0 }, // the server started the next morning
        ],
      }),
    );
    expect(report.slides.map((s) => [s.number, s.ms / 1000])).toEqual([
      [1, 20],
      [2, 55],
      [3, 40],
      [4, 25],
      [5, 0],
      [6, 30],
    ]);
    expect(report.durationMs).toBe(170_000);
    expect(report.sections).toEqual([
      { number: 1, title: 'Only part', plannedMinutes: 1, actualMs: 150_000, overMs: 90_000 },
    ]);
    expect(report.untimedMs).toBe(20_000);
    expect(report.startedAt).toBe(new Date(at(0)).toISOString());
    expect(report.audience).toEqual([
      { atMs: 0, count: 4 },
      { atMs: 10_000, count: 20 },
      { atMs: 150_000, count: 18 },
      { atMs: 170_000, count: 11 },
    ]);
    expect(report.summary.peakAudience).toBe(20);
  });

  it('reports a run that never left its first slide as empty, not as the time since', () => {
    const report = buildRunReport(FIXTURE_MANIFEST, record({ slides: [], audience: [{ at: at(0), count: 3 }] }));
    expect(report.durationMs).toBe(0);
    expect(report.slides.every((s) => s.ms === 0)).toBe(true);
  });
});

let server: Lectern | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the report of a run the server recorded', () => {
  it('equals the store’s timeline: time per slide, per section, the audience and the answers', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const phones = await Promise.all([1, 2, 3].map(() => server!.connect('audience')));
    for (const slide of [
      { h: 1, v: 0, f: -1 },
      { h: 1, v: 0, f: 0 },
      { h: 1, v: 1, f: -1 },
      { h: 2, v: 0, f: -1 },
    ]) {
      await speaker.call('slide:set', slide);
      await pause(60);
    }
    await speaker.call('poll:open', { pollId: 'q1' });
    await phones[0]!.call('vote', { pollId: 'q1', choice: 1 });
    await phones[1]!.call('vote', { pollId: 'q1', choice: 0 });
    await speaker.call('slide:set', { h: 4, v: 0, f: -1 });

    const reply = await fetch(`${server.url}/api/talks/${server.deck}/report.json`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(reply.status).toBe(200);
    const report = (await reply.json()) as TalkReport;

    const reader = openSqliteStore(server.dataFile, { mustExist: true });
    const timeline = await reader.timeline(server.deck);
    await reader.close();
    const changes = timeline.slides;
    expect(changes.map(({ h, v, f }) => [h, v, f])).toEqual([
      [1, 0, -1],
      [1, 0, 0],
      [1, 1, -1],
      [2, 0, -1],
      [4, 0, -1],
    ]);
    const [run] = report.runs;
    const gap = (i: number) => changes[i + 1]!.at - changes[i]!.at;
    const ms = (h: number, v: number) => run!.slides.find((s) => s.h === h && s.v === v)!.ms;
    expect(ms(1, 0)).toBe(gap(0) + gap(1));
    expect(ms(1, 1)).toBe(gap(2));
    expect(ms(2, 0)).toBe(gap(3));
    expect(ms(0, 0)).toBe(0);
    expect(run!.sections[0]!.actualMs).toBe(changes.at(-1)!.at - changes[0]!.at + ms(4, 0));
    expect(run!.durationMs).toBe(run!.slides.reduce((sum, s) => sum + s.ms, 0));
    expect(run!.startedAt).toBe(new Date(changes[0]!.at).toISOString());
    expect(run!.audience.map((s) => s.count)).toEqual(
      timeline.audience.filter((s) => s.at >= changes[0]!.at).map((s) => s.count),
    );
    expect(run!.results.questions[0]).toMatchObject({ voters: 2, right: 1, percentRight: 50 });
    expect(report.allRuns.map((r) => r.id)).toEqual([1]);
  });

  it('needs the presenter token, and names a run that is not there', async () => {
    server = await startLectern();
    const url = `${server.url}/api/talks/${server.deck}`;
    expect((await fetch(`${url}/report.json`)).status).toBe(401);
    expect((await fetch(`${url}/runs.json`, { headers: { Authorization: 'Bearer wrong-token-000000' } })).status).toBe(
      401,
    );
    const missing = await fetch(`${url}/report.json?run=Tokyo`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no run "Tokyo"/);
  });

  it('serves results and the list of runs per run', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const phone = await server.connect('audience');
    await speaker.call('poll:open', { pollId: 'q1' });
    await phone.call('vote', { pollId: 'q1', choice: 1 });
    await speaker.call('run:new', { name: 'Berlin meetup', rehearsal: false });
    const auth = { headers: { Authorization: `Bearer ${server.token}` } };
    const url = `${server.url}/api/talks/${server.deck}`;
    const runs = (await (await fetch(`${url}/runs.json`, auth)).json()) as {
      id: number;
      name: string;
      voters: number;
    }[];
    expect(runs.map((r) => [r.id, r.voters])).toEqual([
      [1, 1],
      [2, 0],
    ]);
    const first = await fetch(`${url}/results.json?run=1`, auth);
    expect(first.headers.get('content-disposition')).toContain('fixture-talk-run-1-results.json');
    expect(((await first.json()) as { questions: { voters: number }[] }).questions[0]!.voters).toBe(1);
    const current = (await (await fetch(`${url}/results.json?run=Berlin%20meetup`, auth)).json()) as {
      run: { id: number };
      questions: { voters: number }[];
    };
    expect([current.run.id, current.questions[0]!.voters]).toEqual([2, 0]);
  });
});
