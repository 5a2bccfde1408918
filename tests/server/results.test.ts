import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { TalkResults } from '../../src/protocol.ts';
import { type Lectern, startLectern } from '../helpers/lectern.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let server: Lectern;
afterEach(async () => {
  await server?.close();
});

/** q1: 3 voters (2 right); q2 revealed with 1 voter (wrong); ratings 5, 4, 4 (one changed from 1). */
async function playTalk(server: Lectern): Promise<void> {
  const presenter = await server.connect('presenter');
  await presenter.call('poll:open', { pollId: 'q1' });
  await presenter.call('poll:open', { pollId: 'q2' });
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => server.connect('audience')));
  await a!.call('vote', { pollId: 'q1', choice: 1 });
  await b!.call('vote', { pollId: 'q1', choice: 0 });
  await b!.call('vote', { pollId: 'q1', choice: 1 });
  await c!.call('vote', { pollId: 'q1', choice: 2 });
  await c!.call('vote', { pollId: 'q2', choice: 1 });
  await presenter.call('poll:reveal', { pollId: 'q2' });
  await a!.call('rate', { score: 5 });
  await b!.call('rate', { score: 1 });
  await b!.call('rate', { score: 4 });
  await c!.call('rate', { score: 4 });
}

async function download(format: 'json' | 'csv'): Promise<Response> {
  return fetch(`${server.url}/api/talks/${server.deck}/results.${format}`, {
    headers: { Authorization: `Bearer ${server.token}` },
  });
}

describe('results export', () => {
  it('as JSON: per question counts, % right and voters; the rating count, average and histogram', async () => {
    server = await startLectern();
    await playTalk(server);
    const reply = await download('json');
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="fixture-talk-results.json"');
    const results = (await reply.json()) as TalkResults;
    expect(Date.parse(results.exportedAt)).not.toBeNaN();
    expect({ ...results, exportedAt: 'x' }).toEqual({
      deck: 'fixture-talk',
      title: 'A fixture talk',
      run: { id: 1, name: expect.any(String), rehearsal: false, startedAt: expect.any(String) },
      exportedAt: 'x',
      questions: [
        {
          pollId: 'q1',
          prompt: 'Which component talks to etcd?',
          phase: 'open',
          choices: [
            { text: 'kubelet', count: 0, correct: false },
            { text: 'kube-apiserver', count: 2, correct: true },
            { text: 'scheduler', count: 1, correct: false },
          ],
          voters: 3,
          right: 2,
          percentRight: 66.7,
        },
        {
          pollId: 'q2',
          prompt: 'What does "=1+1" do, in a CSV cell?',
          phase: 'revealed',
          choices: [
            { text: 'nothing', count: 0, correct: false },
            { text: 'adds', count: 1, correct: false },
            { text: 'crashes', count: 0, correct: false },
            { text: 'depends, "it" says', count: 0, correct: true },
          ],
          voters: 1,
          right: 0,
          percentRight: 0,
        },
      ],
      rating: { prompt: 'Rate this talk', scale: 5, count: 3, average: 4.33, histogram: [0, 0, 0, 2, 1] },
      audienceQuestions: [],
      lostMe: [],
    });
  });

  it('as CSV: one row per choice and per score, quoted where needed', async () => {
    server = await startLectern();
    await playTalk(server);
    const reply = await download('csv');
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await reply.text()).split('\r\n')).toEqual([
      'poll,kind,prompt,choice,label,correct,count,voters,percent_right,average,state',
      'q1,quiz,Which component talks to etcd?,A,kubelet,false,0,3,66.7,,open',
      'q1,quiz,Which component talks to etcd?,B,kube-apiserver,true,2,3,66.7,,open',
      'q1,quiz,Which component talks to etcd?,C,scheduler,false,1,3,66.7,,open',
      'q2,quiz,"What does ""=1+1"" do, in a CSV cell?",A,nothing,false,0,1,0,,revealed',
      'q2,quiz,"What does ""=1+1"" do, in a CSV cell?",B,adds,false,1,1,0,,revealed',
      'q2,quiz,"What does ""=1+1"" do, in a CSV cell?",C,crashes,false,0,1,0,,revealed',
      'q2,quiz,"What does ""=1+1"" do, in a CSV cell?",D,"depends, ""it"" says",true,0,1,0,,revealed',
      'rating,rating,Rate this talk,1,1,,0,3,,4.33,',
      'rating,rating,Rate this talk,2,2,,0,3,,4.33,',
      'rating,rating,Rate this talk,3,3,,0,3,,4.33,',
      'rating,rating,Rate this talk,4,4,,2,3,,4.33,',
      'rating,rating,Rate this talk,5,5,,1,3,,4.33,',
      '',
    ]);
  });

  it('reports an empty talk without dividing by zero', async () => {
    server = await startLectern();
    const results = (await (await download('json')).json()) as TalkResults;
    expect(results.questions.map((q) => [q.voters, q.percentRight])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(results.rating).toMatchObject({ count: 0, average: null, histogram: [0, 0, 0, 0, 0] });
  });

  it('npm run results prints the same from the SQLite file, while the server runs', async () => {
    server = await startLectern();
    await playTalk(server);
    const args = [
      '--import',
      'tsx',
      'server/results/main.ts',
      server.deck,
      '--data',
      server.dataFile,
      '--dist',
      path.join(server.dir, 'dist'),
    ];
    const json = await run(process.execPath, [...args, '--json'], { cwd: ROOT });
    const fromCli = JSON.parse(json.stdout) as TalkResults;
    const fromHttp = (await (await download('json')).json()) as TalkResults;
    expect({ ...fromCli, exportedAt: '' }).toEqual({ ...fromHttp, exportedAt: '' });

    const csv = await run(process.execPath, [...args, '--csv'], { cwd: ROOT });
    expect(csv.stdout.split('\r\n')[2]).toBe(
      'q1,quiz,Which component talks to etcd?,B,kube-apiserver,true,2,3,66.7,,open',
    );

    const text = await run(process.execPath, args, { cwd: ROOT });
    expect(text.stdout).toContain('q1  Which component talks to etcd?');
    expect(text.stdout).toContain('3 voters, 66.7% right, open');
    expect(text.stdout).toContain('3 ratings, average 4.33 / 5');

    await expect(
      run(
        process.execPath,
        ['--import', 'tsx', 'server/results/main.ts', 'nope', '--dist', path.join(server.dir, 'dist')],
        { cwd: ROOT },
      ),
    ).rejects.toThrow(/no built deck/);
  });
});
