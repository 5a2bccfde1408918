/**
 * The room talking back, through the real server and real sockets: questions (merge, upvotes,
 * approval, limits and refusals), "lost me", reactions counted per window, and the speaker's pointer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionBoard } from '../../src/protocol.ts';
import { eventually, type Lectern, startLectern } from '../helpers/lectern.ts';
import { FIXTURE_MANIFEST, writeFixtureDist } from './fixtureDist.ts';

let server: Lectern;
/** The folder of a deck built for one test (`approvalServer`), removed after it. */
let ownDist: string | null = null;
afterEach(async () => {
  await server?.close();
  if (ownDist) fs.rmSync(ownDist, { recursive: true, force: true });
  ownDist = null;
});

/** A server on the fixture deck with `questions: approve`. */
async function approvalServer(): Promise<Lectern> {
  ownDist = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-approve-'));
  const dist = writeFixtureDist(ownDist, { ...FIXTURE_MANIFEST, room: { questions: 'approve', reactions: false } });
  return startLectern({ dist });
}

const lastBoard = (received: { event: string; payload: unknown }[]) =>
  received.filter((r) => r.event === 'questions').at(-1)?.payload as QuestionBoard | undefined;

describe('questions', () => {
  it('stores a question, shows it to every phone and merges the same question as an upvote', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const ana = await server.connect('audience');
    const ben = await server.connect('audience');
    const asked = await ana.call('question:ask', { text: '  What  is\n etcd?  ', name: 'Ana' });
    if (!asked.ok) throw new Error(asked.error);
    expect(asked).toMatchObject({
      merged: false,
      question: { text: 'What is etcd?', name: 'Ana', votes: 0, state: 'approved' },
    });
    const merged = await ben.call('question:ask', { text: 'what is ETCD' });
    expect(merged).toMatchObject({ ok: true, merged: true, question: { id: asked.question.id, votes: 1 } });
    await ben.waitFor('questions', (b) => b.questions[0]?.votes === 1);
    await presenter.waitFor('questions', (b) => b.total === 1 && b.pending === 0);
    const later = await server.connect('audience', { clientId: ben.clientId });
    expect(later.snapshot.room.yourUpvotes).toEqual([asked.question.id]);
    expect(later.snapshot.room.board.questions.map((q) => q.text)).toEqual(['What is etcd?']);
  });

  it('refuses empty, blank, invisible and 281-character questions with a reason, and takes 280 of any script', async () => {
    server = await startLectern();
    const phone = await server.connect('audience');
    for (const text of ['', '   \n\t ', '\u200B\u2060\uFEFF', '\u202E\u2066 \u2069']) {
      expect(await phone.call('question:ask', { text })).toEqual({ ok: false, error: 'text-empty' });
    }
    expect(await phone.call('question:ask', { text: 'a'.repeat(281) })).toEqual({ ok: false, error: 'text-too-long' });
    expect(await phone.call('question:ask', { text: '👍🏽'.repeat(281) })).toEqual({
      ok: false,
      error: 'text-too-long',
    });
    // 280 graphemes: emoji with skin tones and ZWJ families are one character each, as people count them.
    const astral = '👨‍👩‍👧‍👦𝒳😀👍🏽'.repeat(70);
    const reply = await phone.call('question:ask', { text: astral });
    expect(reply).toMatchObject({ ok: true, question: { text: astral } });
    // Bidi overrides are taken out; markup stays text.
    const xss = await phone.call('question:ask', { text: '\u202E<img src=x onerror=alert(1)>' });
    expect(xss).toMatchObject({ ok: true, question: { text: '<img src=x onerror=alert(1)>' } });
    expect(await phone.call('question:ask', { text: 4 as never })).toEqual({ ok: false, error: 'invalid-payload' });
  });

  it('takes three questions at once from a phone, then slows it down', async () => {
    server = await startLectern();
    const phone = await server.connect('audience');
    for (const n of [1, 2, 3])
      expect(await phone.call('question:ask', { text: `Question ${n}` })).toMatchObject({ ok: true });
    expect(await phone.call('question:ask', { text: 'Question 4' })).toEqual({ ok: false, error: 'rate-limited' });
    // Refused ones cost nothing and the socket stays open for votes and upvotes.
    expect(await phone.call('snapshot:get', {})).toMatchObject({ ok: true });
  });

  it('keeps one upvote per client id, withdrawable, and counts exactly', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const asker = await server.connect('audience');
    const asked = await asker.call('question:ask', { text: 'Why Raft?' });
    if (!asked.ok) throw new Error(asked.error);
    const questionId = asked.question.id;
    const phone = await server.connect('audience');
    const sameIdOtherTab = await server.connect('audience', { clientId: phone.clientId });
    expect(await phone.call('question:upvote', { questionId, up: true })).toEqual({
      ok: true,
      questionId,
      up: true,
      votes: 1,
    });
    expect(await sameIdOtherTab.call('question:upvote', { questionId, up: true })).toMatchObject({ votes: 1 });
    expect(await asker.call('question:upvote', { questionId, up: true })).toMatchObject({ votes: 2 });
    expect(await phone.call('question:upvote', { questionId, up: false })).toMatchObject({ votes: 1 });
    expect(await phone.call('question:upvote', { questionId: 'no-such-id', up: true })).toEqual({
      ok: false,
      error: 'unknown-question',
    });
    await presenter.waitFor('questions', (b) => b.questions[0]?.votes === 1);
  });

  it('with approval first: only the asker and the speaker see it until it is approved; a hidden one is gone', async () => {
    server = await approvalServer();
    const presenter = await server.connect('presenter');
    const asker = await server.connect('audience');
    const other = await server.connect('audience');
    const asked = await asker.call('question:ask', { text: 'Is this pending?' });
    if (!asked.ok) throw new Error(asked.error);
    expect(asked.question.state).toBe('pending');
    const questionId = asked.question.id;
    await presenter.waitFor('questions', (b) => b.pending === 1);
    expect(await other.call('question:upvote', { questionId, up: true })).toEqual({
      ok: false,
      error: 'unknown-question',
    });
    const back = await server.connect('audience', { clientId: asker.clientId });
    expect(back.snapshot.room.yourQuestions.map((q) => q.state)).toEqual(['pending']);
    expect(back.snapshot.room.board.questions).toEqual([]);
    // Only the speaker approves.
    expect(await other.call('question:set', { questionId, state: 'approved' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await presenter.call('question:set', { questionId, state: 'approved' })).toMatchObject({
      ok: true,
      question: { state: 'approved' },
    });
    await other.waitFor('questions', (b) => b.questions.some((q) => q.id === questionId));
    expect(await other.call('question:upvote', { questionId, up: true })).toMatchObject({ ok: true, votes: 1 });
    await presenter.call('question:set', { questionId, state: 'hidden' });
    await eventually(() => lastBoard(other.received)?.total === 0, 'the hidden question to leave the board');
    expect(lastBoard(other.received)?.questions).toEqual([]);
    // The deck turned reactions off.
    expect(await other.call('react', { reaction: 0 })).toEqual({ ok: false, error: 'turned-off' });
  });

  it('keeps questions across a restart', async () => {
    server = await startLectern();
    const phone = await server.connect('audience');
    const asked = await phone.call('question:ask', { text: 'Still here after a restart?', name: 'Ω' });
    if (!asked.ok) throw new Error(asked.error);
    await phone.call('question:upvote', { questionId: asked.question.id, up: true });
    await server.restart(0);
    const back = await server.connect('audience', { clientId: phone.clientId });
    expect(back.snapshot.room.board.questions).toMatchObject([
      { text: 'Still here after a restart?', name: 'Ω', votes: 1 },
    ]);
    expect(back.snapshot.room.yourUpvotes).toEqual([asked.question.id]);
    expect(back.snapshot.room.yourQuestions.map((q) => q.id)).toEqual([asked.question.id]);
  });
});

describe('"lost me"', () => {
  it('counts once per slide and client id, withdrawable, shown to the speaker only and kept for the results', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('slide:set', { h: 1, v: 0, f: -1 });
    const a = await server.connect('audience');
    const b = await server.connect('audience');
    expect(await a.call('lost:set', { h: 1, v: 0, lost: true })).toEqual({ ok: true, h: 1, v: 0, lost: true });
    await a.call('lost:set', { h: 1, v: 0, lost: true });
    await b.call('lost:set', { h: 1, v: 0, lost: true });
    await b.call('lost:set', { h: 1, v: 0, lost: false });
    expect(await a.call('lost:set', { h: 99, v: 0, lost: true })).toEqual({ ok: false, error: 'out-of-range' });
    await presenter.waitFor('stats', (s) => s.lost?.[0]?.count === 1);
    // Phones are sent counters only when something they show changes: a rating, after the lost taps.
    expect(await b.call('rate', { score: 4 })).toMatchObject({ ok: true });
    await eventually(() => a.received.some((r) => r.event === 'stats'), 'phone stats');
    expect(a.received.filter((r) => r.event === 'stats').every((r) => !('lost' in (r.payload as object)))).toBe(true);
    const results = await presenter.call('results:get', {});
    if (!results.ok) throw new Error(results.error);
    expect(results.results.lostMe).toEqual([{ h: 1, v: 0, slide: 2, title: 'Part one', count: 1 }]);
    const again = await server.connect('audience', { clientId: a.clientId });
    expect(again.snapshot.room.yourLost).toEqual([{ h: 1, v: 0 }]);
    expect(again.snapshot.room.lost).toBeUndefined();
  });
});

describe('reactions', () => {
  it('reach the speaker and projector counted per window, never one message per tap, and never the phones', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const projector = await server.connect('projector', { token: server.token });
    const phones = await Promise.all(Array.from({ length: 20 }, () => server.connect('audience')));
    await Promise.all(
      phones.flatMap((p, i) => [p.call('react', { reaction: i % 5 }), p.call('react', { reaction: 0 })]),
    );
    const counted = (client: { received: { event: string; payload: unknown }[] }) =>
      client.received
        .filter((r) => r.event === 'reactions')
        .reduce((n, r) => n + (r.payload as { counts: number[] }).counts.reduce((a, b) => a + b, 0), 0);
    await eventually(() => counted(projector) === 40, '40 reactions on the projector');
    await eventually(() => counted(speaker) === 40, '40 reactions on the speaker view');
    const bursts = projector.received
      .filter((r) => r.event === 'reactions')
      .map((r) => (r.payload as { counts: number[] }).counts);
    expect(bursts.length).toBeLessThanOrEqual(3);
    expect(bursts.reduce((sum, c) => sum.map((n, i) => n + (c[i] ?? 0)), [0, 0, 0, 0, 0])).toEqual([24, 4, 4, 4, 4]);
    expect(phones[0]!.received.some((r) => r.event === 'reactions')).toBe(false);
    expect(await phones[0]!.call('react', { reaction: 5 })).toEqual({ ok: false, error: 'out-of-range' });
    // The speaker switches them off, live: phones hear it, and taps are refused.
    expect(await speaker.call('reactions:set', { on: false })).toMatchObject({
      ok: true,
      settings: { reactions: false },
    });
    await phones[1]!.waitFor('room', (r) => r.reactions === false);
    expect(await phones[1]!.call('react', { reaction: 1 })).toEqual({ ok: false, error: 'turned-off' });
  });
});

describe('the pointer', () => {
  it('goes from the speaker to the projector and every phone, and only the speaker may send it', async () => {
    server = await startLectern();
    const speaker = await server.connect('presenter');
    const projector = await server.connect('projector', { token: server.token });
    const phones = await Promise.all([1, 2, 3].map(() => server.connect('audience')));
    const point = { h: 1, v: 0, mode: 'laser', x: 0.25, y: 0.75, stroke: 0 } as const;
    expect(await speaker.call('pointer', point)).toEqual({ ok: true });
    for (const client of [projector, ...phones]) expect(await client.waitFor('pointer')).toEqual(point);
    expect(speaker.received.some((r) => r.event === 'pointer')).toBe(false);
    expect(await phones[0]!.call('pointer', point)).toEqual({ ok: false, error: 'forbidden' });
    expect(await speaker.call('pointer', { ...point, x: 1.5 })).toEqual({ ok: false, error: 'invalid-payload' });
    expect(await speaker.call('pointer', { ...point, h: 42 })).toEqual({ ok: false, error: 'out-of-range' });
  });
});

describe('the room in the results', () => {
  it('lists questions and "lost me" in the CSV, formula-safe, the text as typed', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    const phone = await server.connect('audience');
    await phone.call('question:ask', { text: '=HYPERLINK("http://x","<script>alert(1)</script>")', name: '+Ana' });
    await phone.call('question:ask', { text: '𝒳 — قل مرحبا 👍🏽' });
    await phone.call('lost:set', { h: 1, v: 1, lost: true });
    const results = await presenter.call('results:get', {});
    if (!results.ok) throw new Error(results.error);
    const { resultsToCsv } = await import('../../server/results/talkResults.ts');
    const rows = resultsToCsv(results.results).split('\r\n');
    expect(rows).toContain(
      `question-1,question,"'=HYPERLINK(""http://x"",""<script>alert(1)</script>"")",,'+Ana,,0,,,,approved`,
    );
    expect(rows).toContain('question-2,question,𝒳 — قل مرحبا 👍🏽,,,,0,,,,approved');
    expect(rows).toContain('lost,lost,Below,3,,,1,,,,');
  });
});
