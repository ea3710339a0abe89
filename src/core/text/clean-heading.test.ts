import { describe, expect, it } from 'vitest';
import { cleanHeading } from './clean-heading.js';

describe('cleanHeading', () => {
  it('keeps the words of a heading and drops its markup, badges included', () => {
    expect(
      cleanHeading(
        'YAML <a href="https://www.npmjs.com/package/yaml"><img align="right" src="https://badge.fury.io/js/yaml.svg" /></a>',
      ),
    ).toBe('YAML');
    expect(cleanHeading('The **[Free plan](../plans/free.md)** and `knowhow ask` ![logo](logo.png)')).toBe(
      'The Free plan and knowhow ask logo',
    );
    expect(cleanHeading('<img src="banner.png">')).toBe('');
  });
});
