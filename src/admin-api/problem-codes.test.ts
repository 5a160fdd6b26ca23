// Each JSON schema keyword the admin API uses becomes a problem with a stable code and its params,
// checked with the same ajv the admin scopes use (all errors, the app's options).
import { AjvCompiler } from '@fastify/ajv-compiler';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, problemMessage, problemsOfSchemaIssues } from './problem-codes.js';

const build = AjvCompiler()({}, { customOptions: { coerceTypes: false, allErrors: true, allowUnionTypes: true } });

function problemsOf(schema: object, value: unknown) {
  const validate = build({ schema, method: 'POST', url: '/', httpPart: 'body' }) as unknown as ((value: unknown) => boolean) & { errors?: Parameters<typeof problemsOfSchemaIssues>[0] };
  expect(validate(value)).toBe(false);
  return problemsOfSchemaIssues(validate.errors ?? []).map(({ field, code, params }) => ({ field, code, params }));
}

describe('problems of JSON schema issues', () => {
  it.each([
    ['required', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, {}, { field: 'name', code: 'required' }],
    ['minLength 1', { type: 'object', properties: { name: { type: 'string', minLength: 1 } } }, { name: '' }, { field: 'name', code: 'empty' }],
    ['minLength', { type: 'object', properties: { name: { type: 'string', minLength: 3 } } }, { name: 'ab' }, { field: 'name', code: 'too_short', params: { min: 3 } }],
    ['maxLength', { type: 'object', properties: { name: { type: 'string', maxLength: 2 } } }, { name: 'abc' }, { field: 'name', code: 'too_long', params: { max: 2 } }],
    ['minimum', { type: 'object', properties: { n: { type: 'number', minimum: 0 } } }, { n: -1 }, { field: 'n', code: 'too_small', params: { min: 0 } }],
    ['maximum', { type: 'object', properties: { n: { type: 'number', maximum: 100 } } }, { n: 101 }, { field: 'n', code: 'too_big', params: { max: 100 } }],
    ['minItems', { type: 'object', properties: { l: { type: 'array', minItems: 1 } } }, { l: [] }, { field: 'l', code: 'too_few', params: { min: 1 } }],
    ['maxItems', { type: 'object', properties: { l: { type: 'array', maxItems: 1 } } }, { l: [1, 2] }, { field: 'l', code: 'too_many', params: { max: 1 } }],
    ['maxProperties', { type: 'object', properties: { m: { type: 'object', maxProperties: 1 } } }, { m: { a: 1, b: 2 } }, { field: 'm', code: 'too_many_keys', params: { max: 1 } }],
    ['enum', { type: 'object', properties: { r: { type: 'string', enum: ['a', 'b'] } } }, { r: 'c' }, { field: 'r', code: 'not_one_of', params: { allowed: 'a, b' } }],
    ['pattern', { type: 'object', properties: { p: { type: 'string', pattern: '^[a-z]+$' } } }, { p: 'A' }, { field: 'p', code: 'pattern' }],
    ['type', { type: 'object', properties: { t: { type: 'string' } } }, { t: 1 }, { field: 't', code: 'type', params: { type: 'string' } }],
    ['integer', { type: 'object', properties: { i: { type: 'integer' } } }, { i: 1.5 }, { field: 'i', code: 'not_integer' }],
    ['format', { type: 'object', properties: { d: { type: 'string', format: 'date-time' } } }, { d: 'x' }, { field: 'd', code: 'format', params: { format: 'date-time' } }],
    ['uniqueItems', { type: 'object', properties: { u: { type: 'array', uniqueItems: true } } }, { u: [1, 1] }, { field: 'u', code: 'duplicate_items', params: { first: 0, second: 1 } }],
    ['nested path', { type: 'object', properties: { phrases: { type: 'array', items: { type: 'object', properties: { text: { type: 'string', maxLength: 2 } } } } } }, { phrases: [{ text: 'ok' }, { text: 'long' }] }, { field: 'phrases.1.text', code: 'too_long', params: { max: 2 } }],
    ['nullable value', { type: 'object', properties: { name: { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'null' }] } } }, { name: 'abc' }, { field: 'name', code: 'too_long', params: { max: 2 } }],
    ['union of types', { type: 'object', properties: { v: { anyOf: [{ type: 'string' }, { type: 'number' }] } } }, { v: true }, { field: 'v', code: 'type', params: { type: 'string, number' } }],
  ])('%s', (_keyword, schema, value, expected) => {
    expect(problemsOf(schema, value)).toEqual([{ params: undefined, ...expected }]);
  });

  it('lists every problem of a body at once', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, threshold: { type: 'number', maximum: 100 }, emails: { type: 'array', items: { type: 'string', maxLength: 5 } } },
      required: ['name', 'kind'],
    };
    expect(problemsOf(schema, { name: '', threshold: 120, emails: ['a', 'too long', 'also too long'] })).toEqual([
      { field: 'kind', code: 'required', params: undefined },
      { field: 'name', code: 'empty', params: undefined },
      { field: 'threshold', code: 'too_big', params: { max: 100 } },
      { field: 'emails.1', code: 'too_long', params: { max: 5 } },
      { field: 'emails.2', code: 'too_long', params: { max: 5 } },
    ]);
  });

  it('writes the English message from the code and its params', () => {
    expect(problemMessage('too_short', { min: 8 }, 'password')).toBe('password must have at least 8 characters');
    for (const sentence of Object.values(PROBLEM_CODES)) expect(sentence).not.toBe('');
  });
});
