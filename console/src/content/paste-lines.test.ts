import { describe, expect, it } from 'vitest';
import { chooseTick, flagLines, isTicked, pastedLines } from './paste-lines';

describe('pasted phrases', () => {
  it('takes the non-blank lines without list bullets', () => {
    expect(pastedLines('- a impressora sumiu\n\n2) quero abrir um chamado\r\n • impressora travou  ')).toEqual(['a impressora sumiu', 'quero abrir um chamado', 'impressora travou']);
  });

  it('flags a repeat, a phrase of this intent and one of another, and leaves repeats unticked', () => {
    const lines = flagLines(['Impressora travou', 'impressora travou', 'a impressora não imprime', 'quero abrir um chamado'], [{ text: 'A impressora nao imprime' }], new Map([['quero abrir um chamado', ['abrir_chamado']]]));
    expect(lines.map(({ repeated, inIntent, otherIntents }) => ({ repeated, inIntent, otherIntents }))).toEqual([
      { repeated: false, inIntent: false, otherIntents: [] },
      { repeated: true, inIntent: false, otherIntents: [] },
      { repeated: false, inIntent: true, otherIntents: [] },
      { repeated: false, inIntent: false, otherIntents: ['abrir_chamado'] },
    ]);
    expect(lines.map((line) => isTicked(line, undefined))).toEqual([true, false, false, true]);
  });

  it("keeps the user's tick while the line's flags stay, and follows the intent's phrases when they change", () => {
    const paste = ['o wifi caiu', 'sem internet'];
    const before = flagLines(paste, [{ text: 'sem rede' }], new Map());
    const ticks = new Map([[0, chooseTick(before[0]!, false)]]);
    expect(before.map((line, index) => isTicked(line, ticks.get(index)))).toEqual([false, true]);
    // "sem internet" is typed into the intent with the preview open: adding it again would repeat it.
    const after = flagLines(paste, [{ text: 'sem rede' }, { text: 'Sem internet' }], new Map());
    expect(after.map((line, index) => isTicked(line, ticks.get(index)))).toEqual([false, false]);
    // Ticked again by the user under the new flags, it stays ticked; removed from the intent, it goes back to its default.
    ticks.set(1, chooseTick(after[1]!, true));
    expect(isTicked(after[1]!, ticks.get(1))).toBe(true);
    const removed = flagLines(paste, [{ text: 'sem rede' }], new Map());
    expect(isTicked(removed[1]!, ticks.get(1))).toBe(true);
  });
});
