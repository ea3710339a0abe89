import { describe, expect, it } from 'vitest';
import { compileJsonSchema, describeSchemaErrors } from './compile-json-schema.js';

describe('compileJsonSchema', () => {
  it('validates with formats and reports the first errors with their paths', () => {
    const compiled = compileJsonSchema({
      type: 'object',
      required: ['email', 'steps'],
      additionalProperties: false,
      properties: {
        email: { type: 'string', format: 'email' },
        steps: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
    });
    if (!compiled.ok) throw new Error(compiled.message);
    expect(compiled.validate({ email: 'a@b.co', steps: ['x'] })).toBe(true);
    expect(compiled.validate({ email: 'nope', steps: [1], extra: true })).toBe(false);
    expect(describeSchemaErrors(compiled.validate.errors, 2)).toBe(
      '(root): must NOT have additional properties "extra"; /email: must match format "email" (+1 more)',
    );
  });

  it('rejects misspelt keywords, bad types, unknown formats and unknown drafts', () => {
    expect(compileJsonSchema({ type: 'object', propertis: {} })).toEqual({
      ok: false,
      message: 'strict mode: unknown keyword: "propertis"',
    });
    const badType = compileJsonSchema({ type: 'strin' });
    expect(badType.ok).toBe(false);
    expect(badType.ok ? '' : badType.message).toContain(
      'schema is invalid: data/type must be equal to one of the allowed values',
    );
    const badFormat = compileJsonSchema({ type: 'string', format: 'emale' });
    expect(badFormat.ok ? '' : badFormat.message).toContain('unknown format "emale"');
    const badDraft = compileJsonSchema({
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'string',
    });
    expect(badDraft.ok ? '' : badDraft.message).toContain('unsupported $schema');
  });

  it('picks the draft from $schema (draft-07 tuples, 2020-12 prefixItems)', () => {
    const draft7 = compileJsonSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'array',
      items: [{ type: 'string' }, { type: 'number' }],
    });
    expect(draft7.ok && draft7.validate(['a', 1]) && !draft7.validate([1, 'a'])).toBe(true);
    const draft2020 = compileJsonSchema({ type: 'array', prefixItems: [{ type: 'string' }] });
    expect(draft2020.ok && draft2020.validate(['a']) && !draft2020.validate([1])).toBe(true);
  });

  it('lets two schemas share an $id without clashing', () => {
    const first = compileJsonSchema({ $id: 'https://example.com/plan', type: 'string' });
    const second = compileJsonSchema({ $id: 'https://example.com/plan', type: 'number' });
    expect(first.ok && first.validate('x')).toBe(true);
    expect(second.ok && second.validate(3)).toBe(true);
  });
});
