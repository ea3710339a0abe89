import { describe, expect, it } from 'vitest';
import { prepareGrammarSchema } from './prepare-grammar-schema.js';

function problemsOf(schema: Record<string, unknown>): string[] {
  const prepared = prepareGrammarSchema(schema);
  return prepared.ok ? [] : prepared.problems;
}

describe('prepareGrammarSchema', () => {
  it('accepts the subset the grammar enforces and keeps it as is', () => {
    const schema = {
      type: 'object',
      title: 'Verdict',
      properties: {
        verdict: { type: 'string', enum: ['yes', 'no'] },
        confident: { type: 'boolean', description: 'sure?' },
        tags: { type: 'array', items: { type: 'string', maxLength: 10 }, maxItems: 3 },
        when: { type: 'string', format: 'date' },
      },
      required: ['verdict', 'confident'],
      additionalProperties: false,
    };
    const prepared = prepareGrammarSchema(schema);
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.schema).toEqual({
      type: 'object',
      properties: {
        verdict: { type: 'string', enum: ['yes', 'no'] },
        confident: { type: 'boolean', description: 'sure?' },
        tags: { type: 'array', items: { type: 'string', maxLength: 10 }, maxItems: 3 },
        when: { type: 'string', format: 'date' },
      },
      required: ['verdict', 'confident'],
      additionalProperties: false,
    });
  });

  it('rewrites anyOf to oneOf and definitions to $defs, which the grammar reads', () => {
    const prepared = prepareGrammarSchema({
      definitions: { flag: { type: 'boolean' } },
      anyOf: [{ $ref: '#/definitions/flag' }, { const: 'unknown' }],
    });
    expect(prepared).toEqual({
      ok: true,
      schema: {
        $defs: { flag: { type: 'boolean' } },
        oneOf: [{ $ref: '#/$defs/flag' }, { const: 'unknown' }],
      },
    });
  });

  it('names each keyword the grammar would silently ignore, by JSON pointer', () => {
    expect(
      problemsOf({
        type: 'object',
        properties: {
          age: { type: 'number', minimum: 0 },
          code: { type: 'string', pattern: '^[A-Z]+$' },
          email: { type: 'string', format: 'email' },
        },
      }),
    ).toEqual([
      '/properties/age/minimum: the keyword "minimum" is not enforced by llama.cpp\'s grammar',
      '/properties/code/pattern: the keyword "pattern" is not enforced by llama.cpp\'s grammar',
      '/properties/email/format: format "email" is not enforced (only date-time, date and time are)',
    ]);
  });

  it('reports schemas no value can satisfy', () => {
    expect(problemsOf({ enum: [] })).toEqual(['/enum: enum must list at least one value']);
    expect(problemsOf({ type: 'string', minLength: 5, maxLength: 2 })).toEqual([
      '(root): minLength 5 is above maxLength 2: no value can satisfy it',
    ]);
    expect(
      problemsOf({ type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'b'] }),
    ).toEqual(['/required: required ["b"] not defined in properties']);
    expect(problemsOf({ type: 'object', properties: { never: false } })).toEqual([
      '/properties/never: the schema `false` accepts no value',
    ]);
  });

  it('reports constructs the grammar turns into null', () => {
    expect(problemsOf({ allOf: [{ type: 'string' }] })).toEqual([
      '/allOf: the keyword "allOf" is not enforced by llama.cpp\'s grammar',
    ]);
    expect(problemsOf({ type: 'date' })).toEqual(['/type: unknown type ["date"]']);
    expect(problemsOf({ maxLength: 3 })).toEqual([
      '/maxLength: "maxLength" needs "type": "string" beside it',
    ]);
    expect(problemsOf({ $ref: 'https://example.com/schema.json' })).toEqual([
      '/$ref: only local references like "#/$defs/name" are supported, got "https://example.com/schema.json"',
    ]);
    expect(problemsOf({ $ref: '#/$defs/missing' })).toEqual([
      '/$ref: the reference "#/$defs/missing" names no definition',
    ]);
    expect(problemsOf({ type: 'object', oneOf: [{ type: 'string' }] })).toEqual([
      '/type: "type" beside "oneOf" is ignored by the grammar; move it into each alternative',
    ]);
  });
});
