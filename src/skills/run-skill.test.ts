import { describe, expect, it } from 'vitest';
import { fillSlots } from './fill-slots.js';
import { runSkill } from './run-skill.js';

describe('runSkill', () => {
  it('picks a text variation at random', () => {
    const skill = { name: 'hi', fallback: false, kind: 'text' as const, texts: ['a', 'b', 'c'] };
    expect(runSkill(skill, {}, () => 0).text).toBe('a');
    expect(runSkill(skill, {}, () => 0.5).text).toBe('b');
    expect(runSkill(skill, {}, () => 0.999).text).toBe('c');
    const seen = new Set(Array.from({ length: 200 }, () => runSkill(skill, {}).text));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it('answers buttons with their titles and payloads', () => {
    const skill = {
      name: 'rate',
      fallback: false,
      kind: 'buttons' as const,
      texts: ['Você poderia avaliar o meu atendimento?'],
      buttons: [
        { title: 'Sim', payload: 'sim' },
        { title: 'Não', payload: 'não' },
      ],
    };
    expect(runSkill(skill, {})).toEqual({
      text: 'Você poderia avaliar o meu atendimento?',
      buttons: [
        { title: 'Sim', payload: 'sim' },
        { title: 'Não', payload: 'não' },
      ],
    });
  });

  it('answers an image and an attachment', () => {
    expect(runSkill({ name: 'logo', fallback: false, kind: 'image', texts: ['Here'], image: 'https://x/logo.png' }, {})).toEqual({
      text: 'Here',
      image: 'https://x/logo.png',
    });
    expect(runSkill({ name: 'doc', fallback: false, kind: 'attachment', texts: [], attachment: 'https://x/a.pdf' }, {})).toEqual({
      attachment: 'https://x/a.pdf',
    });
  });

  it('fills slot placeholders', () => {
    const skill = { name: 'greet', fallback: false, kind: 'text' as const, texts: ['Olá, {nome}! Seu {equipamento} foi registrado.'] };
    expect(runSkill(skill, { nome: 'João', equipamento: 'notebook' }).text).toBe('Olá, João! Seu notebook foi registrado.');
  });
});

describe('fillSlots', () => {
  it('leaves no raw placeholder for an unset slot and tidies the gap', () => {
    expect(fillSlots('Olá {nome}!', {})).toBe('Olá!');
    expect(fillSlots('Olá, {nome}, tudo bem?', { nome: null })).toBe('Olá, tudo bem?');
  });

  it('writes numbers, booleans and objects readably', () => {
    expect(fillSlots('{n} {b} {o}', { n: 2.5, b: true, o: { a: 1 } })).toBe('2.5 true {"a":1}');
  });

  it('leaves text without placeholders untouched', () => {
    expect(fillSlots('  spaces  kept  ', {})).toBe('  spaces  kept  ');
  });
});
