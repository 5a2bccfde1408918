/**
 * `npm start` refuses a presenter token the speaker chose that is too short to withstand guessing,
 * before it serves anything, and says what to do.
 */
import { describe, expect, it } from 'vitest';
import { LecternExited, startLectern } from '../helpers/lectern.ts';

describe('npm start', () => {
  it('refuses a LECTERN_PRESENTER_TOKEN under 16 characters', async () => {
    const refused = await startLectern({ in: 'child', token: '1234' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LecternExited);
    const { code, output } = refused as LecternExited;
    expect(code).toBe(1);
    expect(output).toContain('LECTERN_PRESENTER_TOKEN is 4 characters; it must be at least 16');
    expect(output).not.toContain('listening');
  });
});
