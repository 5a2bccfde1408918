import { describe, expect, it } from 'vitest';
import { textDirection } from '../../src/core/textDirection.ts';

describe("the direction of a deck's text", () => {
  it('follows the first letter, as dir="auto" does', () => {
    expect(textDirection('The kube-apiserver')).toBe('ltr');
    expect(textDirection('خادم الواجهة kube-apiserver')).toBe('rtl');
    expect(textDirection('«שרת ה-API»')).toBe('rtl');
    expect(textDirection('42 — kube-apiserver')).toBe('ltr');
    expect(textDirection('12 · خادم')).toBe('rtl');
    expect(textDirection('控制平面')).toBe('ltr');
    expect(textDirection('')).toBe('ltr');
  });
});
