import { describe, expect, it } from 'vitest';
import { AppError } from '@kaikukanta/kit';
import { ConcurrencyGate, DERIVE_CONCURRENCY, DERIVE_QUEUE_LIMIT } from './password-gate.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordCheckBusy } from './user.errors.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ConcurrencyGate', () => {
  it('L5: runs at most `concurrency` tasks at once and queues the rest in order', async () => {
    const sut = new ConcurrencyGate(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      peak = Math.max(peak, ++running);
      await tick();
      running--;
      order.push(i);
      return i;
    };
    expect(await Promise.all([0, 1, 2, 3, 4, 5].map((i) => sut.run(task(i))))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([2, 3, 4, 5]);
    expect([sut.active, sut.waiting]).toEqual([0, 0]);
  });

  it('L5: past the queue limit a task is shed at once as RATE_LIMITED, localised, and the gate keeps working', async () => {
    const sut = new ConcurrencyGate(1, 2);
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(() => sut.run(async () => (await tick(), 'done'))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const shed = (results[3] as PromiseRejectedResult).reason as AppError;
    expect(shed).toBeInstanceOf(AppError);
    expect(shed.code).toBe('RATE_LIMITED');
    expect(shed.messages).toEqual(passwordCheckBusy().messages);
    expect(shed.toGraphQLError('sv').message).toBe('Inloggningstjänsten är överbelastad just nu. Försök igen om en stund.');
    expect(await sut.run(async () => 'again')).toBe('again');
  });

  it('L5: a failing task frees its slot', async () => {
    const sut = new ConcurrencyGate(1, 1);
    await expect(sut.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sut.run(async () => 'ok')).toBe('ok');
    expect(sut.active).toBe(0);
  });
});

describe('password derivation', () => {
  it(`L5: goes through the gate: of ${DERIVE_CONCURRENCY + DERIVE_QUEUE_LIMIT + 8} parallel checks, the ones past the queue are shed as RATE_LIMITED`, async () => {
    const cheap = { memory: 64, passes: 1, parallelism: 1 };
    const hash = await hashPassword('a-cheap-test-password', cheap);
    const total = DERIVE_CONCURRENCY + DERIVE_QUEUE_LIMIT + 8;
    const results = await Promise.allSettled(Array.from({ length: total }, () => verifyPassword('a-cheap-test-password', hash)));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(DERIVE_CONCURRENCY + DERIVE_QUEUE_LIMIT);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as AppError).code)).toEqual(Array(8).fill('RATE_LIMITED'));
  });
});
