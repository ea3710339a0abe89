import { describe, expect, it } from 'vitest';
import { detectTerminalCapabilities } from './terminal-capabilities.js';

const terminal = { stdoutIsTerminal: true, stderrIsTerminal: true };
const piped = { stdoutIsTerminal: false, stderrIsTerminal: false };

describe('detectTerminalCapabilities', () => {
  it('colours a terminal and not a pipe', () => {
    expect(detectTerminalCapabilities({ environment: {}, ...terminal })).toEqual({
      color: true,
      redraw: true,
    });
    expect(detectTerminalCapabilities({ environment: {}, ...piped })).toEqual({
      color: false,
      redraw: false,
    });
  });

  it('FORCE_COLOR colours a pipe and wins over NO_COLOR; FORCE_COLOR=0 turns colour off', () => {
    expect(detectTerminalCapabilities({ environment: { FORCE_COLOR: '1' }, ...piped }).color).toBe(true);
    expect(
      detectTerminalCapabilities({ environment: { FORCE_COLOR: '', NO_COLOR: '1' }, ...piped }).color,
    ).toBe(true);
    expect(detectTerminalCapabilities({ environment: { FORCE_COLOR: '0' }, ...terminal }).color).toBe(false);
  });

  it('a non-empty NO_COLOR turns colour off; an empty one does not', () => {
    expect(detectTerminalCapabilities({ environment: { NO_COLOR: '1' }, ...terminal }).color).toBe(false);
    expect(detectTerminalCapabilities({ environment: { NO_COLOR: '' }, ...terminal }).color).toBe(true);
  });

  it('TERM=dumb gets neither colour nor a redrawn progress line', () => {
    expect(detectTerminalCapabilities({ environment: { TERM: 'dumb' }, ...terminal })).toEqual({
      color: false,
      redraw: false,
    });
  });
});
