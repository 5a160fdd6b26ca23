import { describe, expect, it } from 'vitest';
import { fillSlots } from './fill-slots.js';
import { runSkill } from './run-skill.js';

describe('runSkill', () => {
  it('picks a text variation at random', () => {
    const skill = { name: 'hi', fallback: false, kind: 'text' as const, texts: ['a', 'b', 'c'] };
    expect(runSkill(skill, { slots: {}, random: () => 0 }).text).toBe('a');
    expect(runSkill(skill, { slots: {}, random: () => 0.5 }).text).toBe('b');
    expect(runSkill(skill, { slots: {}, random: () => 0.999 }).text).toBe('c');
    const seen = new Set(Array.from({ length: 200 }, () => runSkill(skill, { slots: {} }).text));
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
    expect(runSkill(skill, { slots: {} })).toEqual({
      text: 'Você poderia avaliar o meu atendimento?',
      buttons: [
        { title: 'Sim', payload: 'sim' },
        { title: 'Não', payload: 'não' },
      ],
    });
  });

  it('answers an image and an attachment', () => {
    expect(runSkill({ name: 'logo', fallback: false, kind: 'image', texts: ['Here'], image: 'https://x/logo.png' }, { slots: {} })).toEqual({
      text: 'Here',
      image: 'https://x/logo.png',
    });
    expect(runSkill({ name: 'doc', fallback: false, kind: 'attachment', texts: [], attachment: 'https://x/a.pdf' }, { slots: {} })).toEqual({
      attachment: 'https://x/a.pdf',
    });
  });

  it('fills slot placeholders', () => {
    const skill = { name: 'greet', fallback: false, kind: 'text' as const, texts: ['Olá, {nome}! Seu {equipamento} foi registrado.'] };
    expect(runSkill(skill, { slots: { nome: 'João', equipamento: 'notebook' } }).text).toBe('Olá, João! Seu notebook foi registrado.');
  });
});

describe('fillSlots', () => {
  it('leaves no raw placeholder for an unset slot and tidies the gap', () => {
    expect(fillSlots('Olá {nome}!', {})).toBe('Olá!');
    expect(fillSlots('Olá, {nome}, tudo bem?', { nome: null })).toBe('Olá, tudo bem?');
  });

  it('writes numbers, booleans and objects readably', () => {
    expect(fillSlots('{n} {b} {o}', { n: 2.5, b: true, o: { a: 1 } })).toBe('2.5 sim {"a":1}');
  });

  it('leaves text without placeholders untouched', () => {
    expect(fillSlots('  spaces  kept  ', {})).toBe('  spaces  kept  ');
  });
});

describe('runSkill: variants, formats and built-in values', () => {
  const skill = {
    name: 'conta',
    fallback: false,
    kind: 'text' as const,
    texts: ['Sua conta está bloqueada.', 'Sua conta do {sistema} está bloqueada.'],
    variants: [
      { when: [{ context: 'nota', operator: 'atMost' as const, value: 5 }], texts: ['Nota baixa: {nota:number}.'] },
      { when: [{ context: 'sistema', operator: 'oneOf' as const, value: ['sap', 'e-mail'] }, { context: 'urgente', operator: 'notSet' as const }], texts: ['{sistema} bloqueado.'] },
    ],
  };

  it('answers with the first variant whose conditions hold, else the default texts', () => {
    expect(runSkill(skill, { slots: { nota: 4.5 } }).text).toBe('Nota baixa: 4,5.');
    expect(runSkill(skill, { slots: { nota: '7' } }).text).toMatch(/^Sua conta/);
    expect(runSkill(skill, { slots: { sistema: 'E-mail' } }).text).toBe('E-mail bloqueado.');
    expect(runSkill(skill, { slots: { sistema: 'E-mail', urgente: true }, random: () => 0.99 }).text).toBe('Sua conta do E-mail está bloqueada.');
  });

  it('never picks a text whose placeholder is unset while another fits', () => {
    for (let draw = 0; draw < 1; draw += 0.1) expect(runSkill(skill, { slots: {}, random: () => draw }).text).toBe('Sua conta está bloqueada.');
  });

  it('formats dates, numbers and money in the locale, and fills built-in values', () => {
    const formats = { name: 'f', fallback: false, kind: 'text' as const, texts: ['{d:date} {t:time} {dt:datetime} {n:number} {v:currency} {v:currency:EUR} {$today:date} {$conversation} {$random}'] };
    const now = new Date(2025, 3, 15, 9, 30).getTime() / 1000;
    const slots = { d: '2025-04-15', t: '14:30', dt: '2025-04-16T10:00', n: 1234.5, v: '19.9' };
    // Intl separates some parts with no-break spaces; compared here as spaces.
    const spaced = (text: string | undefined) => text?.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaced(runSkill(formats, { slots, language: 'pt', now, sender: 'ana', random: () => 0 }).text)).toBe(
      '15 de abril de 2025 14:30 16 de abril de 2025 às 10:00 1.234,5 R$ 19,90 € 19,90 15 de abril de 2025 ana 100000',
    );
    expect(spaced(runSkill(formats, { slots, language: 'en', now, sender: 'ana', random: () => 0 }).text)).toBe(
      'April 15, 2025 2:30 PM April 16, 2025 at 10:00 AM 1,234.5 $19.90 €19.90 April 15, 2025 ana 100000',
    );
    // A value that is not what the format expects is written as given.
    expect(runSkill({ ...formats, texts: ['{d:date}'] }, { slots: { d: 'amanhã' } }).text).toBe('amanhã');
  });
});

describe('yes/no values in a text', () => {
  const skill = { name: 'confirmar', fallback: false, kind: 'text' as const, texts: ['Confirma {quantidade} pizza(s), borda: {borda}?'] };

  it('are written in the assistant’s language, not as true/false', () => {
    expect(runSkill(skill, { slots: { quantidade: 3, borda: false }, language: 'pt' }).text).toBe('Confirma 3 pizza(s), borda: não?');
    expect(runSkill(skill, { slots: { quantidade: 3, borda: true }, language: 'pt-BR' }).text).toBe('Confirma 3 pizza(s), borda: sim?');
    expect(fillSlots('Stuffed crust: {borda}.', { borda: false }, 'en')).toBe('Stuffed crust: no.');
    expect(fillSlots('Stuffed crust: {borda}.', { borda: true }, 'en')).toBe('Stuffed crust: yes.');
    expect(fillSlots('Borde: {borda}.', { borda: true }, 'es')).toBe('Borde: sí.');
    expect(fillSlots('Borde: {borda}.', { borda: false }, 'es')).toBe('Borde: no.');
  });

  it('are still compared as true/false by conditions', () => {
    const chosen = { ...skill, texts: ['com borda'], variants: [{ when: [{ context: 'borda', operator: 'equals' as const, value: 'false' }], texts: ['sem borda: {borda}'] }] };
    expect(runSkill(chosen, { slots: { borda: false }, language: 'pt' }).text).toBe('sem borda: não');
    expect(runSkill(chosen, { slots: { borda: true }, language: 'pt' }).text).toBe('com borda');
  });
});
