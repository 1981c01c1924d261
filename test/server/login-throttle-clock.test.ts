/**
 * The login throttle's bounds on the project's own clock (docs/auth.md, "Login throttling"): what a
 * user and a guesser notice, without waiting for real windows to pass. test/server/login-throttle.test.ts
 * shows the same over real TCP from several loopback addresses.
 */
import { describe, expect, it } from 'vitest';
import { createLoginThrottle, KNOWN_DAYS, KNOWN_PER_USER } from '../../src/auth/login-throttle.js';

function throttle(o: { perIp?: number; perUser?: number; perUserHour?: number; windowSeconds?: number } = {}) {
  let t = 1_000_000;
  const th = createLoginThrottle({ perIp: o.perIp ?? 100, perUser: o.perUser ?? 100, perUserHour: o.perUserHour ?? 100, windowSeconds: o.windowSeconds ?? 900, now: () => t });
  /** One login attempt that fails (a wrong password); the seconds to wait when refused. */
  const fail = (address: string, user: string, exists = true) => {
    const wait = th.attempt(address, user);
    if (wait === undefined) th.failed(address, user, exists);
    return wait;
  };
  return { th, fail, advance: (ms: number) => { t += ms; } };
}

describe('login throttle', () => {
  it('an address gets perIp attempts per window; the next waits the rest of the window, in whole seconds, then may try again', () => {
    const { th, advance } = throttle({ perIp: 3, windowSeconds: 60 });
    for (let i = 0; i < 3; i++) expect(th.attempt('10.0.0.1', `u${i}`)).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'u9')).toBe(60);
    advance(59_500);
    expect(th.attempt('10.0.0.1', 'u9')).toBe(1);
    expect(th.attempt('10.0.0.2', 'u9')).toBeUndefined();
    advance(500);
    expect(th.attempt('10.0.0.1', 'u9')).toBeUndefined();
  });

  it('perUser failures for one name from one address stop guessing there only: other addresses and other names go on', () => {
    const { th, fail } = throttle({ perUser: 2, windowSeconds: 60 });
    expect(fail('10.0.0.1', 'anna')).toBeUndefined();
    expect(fail('10.0.0.1', 'ANNA')).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'Anna')).toBe(60);
    expect(th.attempt('10.0.0.2', 'anna')).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'bert')).toBeUndefined();
  });

  it('a right password forgives that address its own failures for the user', () => {
    const { th, fail } = throttle({ perUser: 2 });
    fail('10.0.0.1', 'anna');
    th.succeeded('10.0.0.1', 'anna');
    expect(fail('10.0.0.1', 'anna')).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'anna')).toBeUndefined();
  });

  it('failures spread over addresses stop at perUserHour for addresses the user never logged in from, not for a known one; the hour ends', () => {
    const { th, fail, advance } = throttle({ perUserHour: 3, windowSeconds: 60 });
    th.succeeded('10.0.0.9', 'anna');
    for (let i = 1; i <= 3; i++) expect(fail(`10.1.0.${i}`, 'anna')).toBeUndefined();
    expect(th.attempt('10.1.0.4', 'anna')).toBe(3600);
    expect(th.attempt('10.0.0.9', 'anna')).toBeUndefined();
    // Failures from the known address do not count towards the hourly bound.
    for (let i = 0; i < 5; i++) fail('10.0.0.9', 'anna');
    advance(3_600_000);
    expect(th.attempt('10.1.0.4', 'anna')).toBeUndefined();
  });

  it(`a user has at most ${KNOWN_PER_USER} known addresses (the oldest goes) for ${KNOWN_DAYS} days`, () => {
    const { th, fail, advance } = throttle({ perUserHour: 1 });
    for (let i = 0; i <= KNOWN_PER_USER; i++) th.succeeded(`10.2.0.${i}`, 'anna');
    fail('10.3.0.1', 'anna');
    // The first address was pushed out by the ninth; the second is still known.
    expect(th.attempt('10.2.0.0', 'anna')).toBeGreaterThan(0);
    expect(th.attempt('10.2.0.1', 'anna')).toBeUndefined();
    // Logging in again from a known address makes it the newest, so it stays when another one comes.
    th.succeeded('10.2.0.1', 'anna');
    th.succeeded('10.2.0.99', 'anna');
    expect(th.attempt('10.2.0.1', 'anna')).toBeUndefined();
    expect(th.attempt('10.2.0.2', 'anna')).toBeGreaterThan(0);
    advance(KNOWN_DAYS * 86_400_000 - 3_600_001);
    fail('10.3.0.2', 'anna');
    expect(th.attempt('10.2.0.1', 'anna')).toBeUndefined();
    advance(3_600_001);
    fail('10.3.0.3', 'anna');
    expect(th.attempt('10.2.0.1', 'anna')).toBeGreaterThan(0);
  });

  it('guesses at 50,000 made-up names cannot push out the counter of a real user', () => {
    const { th, fail } = throttle({ perUser: 1, perIp: 1_000_000 });
    fail('10.0.0.1', 'anna', true);
    expect(th.attempt('10.0.0.1', 'anna')).toBeGreaterThan(0);
    for (let i = 0; i < 50_000; i++) fail('10.0.0.1', `verzonnen${i}`, false);
    expect(th.attempt('10.0.0.1', 'anna')).toBeGreaterThan(0);
    // A made-up name's counter gives way instead: the newest guess is counted again.
    expect(fail('10.0.0.1', 'nog-een')).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'nog-een')).toBeGreaterThan(0);
  });

  it('when the counters are full of ended windows, those give way: a new failure is counted again', () => {
    const { th, fail, advance } = throttle({ perUser: 1, perIp: 1_000_000, windowSeconds: 60 });
    for (let i = 0; i < 50_000; i++) fail('10.0.0.1', `gebruiker${i}`, true);
    advance(60_000);
    expect(fail('10.0.0.1', 'anna')).toBeUndefined();
    expect(th.attempt('10.0.0.1', 'anna')).toBe(60);
  });
});
