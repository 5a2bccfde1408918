import { describe, expect, it } from 'vitest';
import { isDeckCopy } from '../../src/deck/live/index.ts';
import { shortJoinUrl } from '../../src/deck/live/joinOverlay.ts';
import { readHashToken, tokenFragment } from '../../src/shared/token.ts';

describe('the presenter token in the address', () => {
  it('is read from #token=… and not from a reveal slide address', () => {
    expect(readHashToken('#token=abc-123')).toBe('abc-123');
    expect(readHashToken(tokenFragment('a b/c'))).toBe('a b/c');
    expect(readHashToken('#/3/1')).toBeNull();
    expect(readHashToken('')).toBeNull();
  });
});

describe('the deck', () => {
  it("joins no room in reveal's speaker window copies or the print view", () => {
    expect(isDeckCopy('?receiver')).toBe(true);
    expect(isDeckCopy('?print-pdf')).toBe(true);
    expect(isDeckCopy('?theme=light')).toBe(false);
  });

  it('shows the join address as people type it', () => {
    expect(shortJoinUrl('http://192.168.1.23:3000/talk/join/')).toBe('192.168.1.23:3000/talk/join');
  });
});
