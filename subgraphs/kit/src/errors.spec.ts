import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { AppError, createErrorFormatter, loggableError } from './errors.js';

const logger = pino({ level: 'silent' });

describe('error formatter', () => {
  it('shows an AppError with its code and the message in the caller\'s language', () => {
    const sut = createErrorFormatter(logger, () => 'sv');
    const error = new GraphQLError('x', { originalError: new AppError('FORBIDDEN') });
    expect(sut({ message: 'x' }, error)).toMatchObject({ message: 'Du har inte behörighet till den här åtgärden.', extensions: { code: 'FORBIDDEN' } });
  });

  it('masks an internal error and logs it, so no SQL, stack or data reaches the client', () => {
    const log = pino({ level: 'silent' });
    const spy = vi.spyOn(log, 'error');
    const sut = createErrorFormatter(log, () => 'en');
    const internal = new GraphQLError('duplicate key value violates unique constraint "card_code_unique"', {
      originalError: new Error('duplicate key value violates unique constraint "card_code_unique"'),
    });
    const formatted = sut({ message: internal.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, internal);
    expect(formatted).toEqual({ message: 'Something went wrong. Please try again.', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(spy).toHaveBeenCalledOnce();
  });

  it('keeps GraphQL validation errors as they are', () => {
    const sut = createErrorFormatter(logger);
    const formatted = sut({ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new Error());
    expect(formatted.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(formatted.message).toContain('nope');
  });

  it('at the gateway, passes a subgraph\'s coded error through without naming the service', () => {
    const sut = createErrorFormatter(logger, () => 'fi', { trustSubgraphErrors: true });
    const formatted = sut({ message: 'Kirjaudu sisään.', extensions: { code: 'UNAUTHENTICATED', serviceName: 'cards' } }, new Error());
    expect(formatted).toMatchObject({ message: 'Kirjaudu sisään.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(formatted.extensions).not.toHaveProperty('serviceName');
  });

  it('without that trust, a message claiming to come from a subgraph is masked', () => {
    const sut = createErrorFormatter(logger, () => 'en');
    const formatted = sut({ message: 'secret detail', extensions: { code: 'SOMETHING', serviceName: 'cards' } }, new Error('secret detail'));
    expect(formatted.message).not.toContain('secret');
  });
});

describe('loggableError (R9: logs never quote a written row)', () => {
  it('keeps name, message, code and stack, and drops a driver error’s detail and where', () => {
    const error = Object.assign(new Error('new row for relation "background" violates check constraint'), {
      code: '23514',
      detail: 'Failing row contains (…, 1984, 33720, …).',
      where: 'SQL statement …',
    });
    const logged = loggableError(error);
    expect(logged).toMatchObject({ name: 'Error', message: error.message, code: '23514' });
    expect(JSON.stringify(logged)).not.toContain('33720');
    expect(logged).not.toHaveProperty('detail');
    expect(logged).not.toHaveProperty('where');
  });
});
