import { describe, expect, it } from 'vitest';
import type { Context, Skill } from '../assistant/content.js';
import { presetSlot } from './preset-slot.js';

const contexts: Context[] = [
  { name: 'urgente', type: 'boolean' },
  { name: 'nota', type: 'float' },
  { name: 'equipamento', type: 'text', values: [] },
];
const skill = (name: string, value: string): Skill => ({ name: 's', fallback: false, kind: 'text', texts: ['x'], preset: { context: { name, value } } });

describe('presetSlot', () => {
  it('types the value as the NLU fills the context', () => {
    expect(presetSlot(skill('urgente', 'true'), contexts)).toEqual({ name: 'urgente', value: true });
    expect(presetSlot(skill('nota', '7.5'), contexts)).toEqual({ name: 'nota', value: 7.5 });
    expect(presetSlot(skill('equipamento', 'impressora'), contexts)).toEqual({ name: 'equipamento', value: 'impressora' });
  });

  it('sets nothing without a preset context', () => {
    expect(presetSlot({ name: 's', fallback: false, kind: 'text', texts: ['x'], preset: { dialogue: 'd' } }, contexts)).toBeUndefined();
    expect(presetSlot({ name: 's', fallback: false, kind: 'text', texts: ['x'] }, contexts)).toBeUndefined();
  });
});
