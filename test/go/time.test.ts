import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDurationSecond } from '../../src/go/parseutil.js';
import { GoLibError } from '../../src/go/strconv.js';
import { formatGoDuration, humanDuration, parseGoTime, wireTimeRfc3339Nano, wireTimeString } from '../../src/go/time.js';

describe('durations as Vault reads them', () => {
  it('reads bare integers as seconds and Go units plus days', () => {
    expect(parseDurationSecond('3600')).toBe(3600);
    expect(parseDurationSecond(90)).toBe(90);
    expect(parseDurationSecond('1h30m')).toBe(5400);
    expect(parseDurationSecond('30d')).toBe(30 * 86400);
    expect(parseDurationSecond('768h')).toBe(2764800);
    expect(parseDurationSecond('1.5s')).toBe(1);
    expect(parseDurationSecond('')).toBe(0);
  });
  it('refuses text that is not a duration', () => {
    for (const bad of ['abc', 'h', '-', '.s', ' 5s']) expect(() => parseDurationSecond(bad)).toThrow(/^time: invalid duration "/);
    expect(() => parseDurationSecond('1x')).toThrow('time: unknown unit "x" in duration "1x"');
    expect(() => parseDurationSecond('5 m')).toThrow('time: unknown unit " m" in duration "5 m"');
    expect(() => parseDurationSecond('1.5d')).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
    expect(() => parseDurationSecond(Infinity)).toThrow(GoLibError);
  });
  it('formats seconds like Go time.Duration and parses them back', () => {
    expect(formatGoDuration(2764800)).toBe('768h0m0s');
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(61)).toBe('1m1s');
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (s) => parseDurationSecond(formatGoDuration(s)) === s));
  });
});

describe('durations as Vault prints them', () => {
  it('cuts the trailing zero units as sdk/framework/lease.go humanDuration does', () => {
    expect(humanDuration(2764800)).toBe('768h');
    expect(humanDuration(5400)).toBe('1h30m');
    expect(humanDuration(3605)).toBe('1h5s');
    expect(humanDuration(45)).toBe('45s');
    expect(humanDuration(0)).toBe('0s');
  });
});

describe('time.Time as the CLI decodes and prints it', () => {
  it('prints a UTC time as Time.String and Format(RFC3339Nano) do', () => {
    expect(wireTimeString('2026-01-02T03:04:05.500Z')).toBe('2026-01-02 03:04:05.5 +0000 UTC');
    expect(wireTimeRfc3339Nano('2026-01-02T03:04:05.500Z')).toBe('2026-01-02T03:04:05.5Z');
    expect(wireTimeString(null)).toBe('0001-01-01 00:00:00 +0000 UTC');
  });

  it('refuses what Time.UnmarshalJSON refuses, showing the text as sent', () => {
    for (const s of ['2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-02T3:04:05Z', '2026-01-02T03:04:05,5Z']) {
      expect(parseGoTime(s), s).toBeUndefined();
      expect(wireTimeString(s)).toBe(s);
    }
  });
});
