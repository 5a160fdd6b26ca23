import { describe, expect, it } from 'vitest';
import { correctionTarget, holdsNoAnswer, isCancelRequest, isQuestion, isUnsure, numberCorrectionWords, readYesNo } from './answer-words.js';
import { readTypedAnswer } from './read-answer.js';
import { formatProblem, placeholdersOf, renamePlaceholders } from './placeholders.js';

describe('answer words', () => {
  it('tells a "não sei" or a question back, said alone, from a free-text answer that holds such words', () => {
    const none = ['não sei', 'sei lá', 'nao sei', 'não faço ideia', 'ah, sinceramente não sei não', 'como assim?', 'o que é isso?', 'qual?', 'como assim', 'o que você quer dizer?'];
    expect(none.filter((text) => !holdsNoAnswer(text, 'pt'))).toEqual([]);
    expect(["I don't know", 'sorry, I really dunno', 'what do you mean?', 'which one'].filter((text) => !holdsNoAnswer(text, 'en'))).toEqual([]);
    expect(['no sé', 'la verdad no sé', '¿qué es eso?', 'ni idea'].filter((text) => !holdsNoAnswer(text, 'es'))).toEqual([]);
    const answers = ['não sei o que houve, a tela apagou', 'a impressora não liga e eu não sei por quê', 'sei que não liga', 'não liga', 'qual é o problema da tela que pisca sem parar?', 'a tela pisca'];
    expect(answers.filter((text) => holdsNoAnswer(text, 'pt'))).toEqual([]);
    expect([holdsNoAnswer("I don't know why it jams", 'en'), holdsNoAnswer('no se enciende', 'es'), holdsNoAnswer('', 'pt')]).toEqual([false, false, false]);
  });

  it('reads yes and no in each language, "não" before a yes that follows it', () => {
    expect(['sim', 'Sim!', 'sim, pode registrar', 'isso mesmo', 'ok'].map((text) => readYesNo(text, 'pt'))).toEqual([true, true, true, true, true]);
    expect(['não', 'Nao', 'não, está errado', 'não está certo'].map((text) => readYesNo(text, 'pt'))).toEqual([false, false, false, false]);
    expect(readYesNo('a impressora do terceiro andar parou de imprimir', 'pt')).toBeUndefined();
    expect(readYesNo('talvez', 'pt')).toBeUndefined();
    expect([readYesNo('yes please', 'en'), readYesNo('nope', 'en'), readYesNo('sí', 'es'), readYesNo('no', 'es')]).toEqual([true, false, true, false]);
  });

  it('reads "não sei" and the like as neither yes nor no', () => {
    expect(['não sei', 'sei lá', 'não tenho certeza', 'talvez'].map((text) => [readYesNo(text, 'pt'), isUnsure(text, 'pt')])).toEqual(Array(4).fill([undefined, true]));
    expect([readYesNo("I don't know", 'en'), readYesNo('no sé', 'es'), isUnsure('não', 'pt')]).toEqual([undefined, undefined, false]);
  });

  it('does not read a cancel word after a negation as a request to leave ("não consigo sair"), but "não, cancela" is one', () => {
    expect(['não consigo sair', 'nunca consigo sair', "I can't exit"].map((text) => isCancelRequest(text, text.startsWith('I') ? 'en' : 'pt'))).toEqual([false, false, false]);
    expect(['não, cancela', 'não quero mais', 'quero sair', 'ok, esquece', 'no fim, quero cancelar', 'no momento quero sair'].map((text) => isCancelRequest(text, 'pt'))).toEqual([true, true, true, true, true, true]);
    // "no se puede" is a "no" in Spanish, not "no sé".
    expect([readYesNo('no se puede', 'es'), readYesNo('no sé', 'es'), readYesNo('creo que no sé', 'es')]).toEqual([false, undefined, undefined]);
  });

  it('tells a request to leave from a longer message that mentions it', () => {
    expect(['cancelar', 'Cancela!', 'deixa pra lá', 'esquece isso', 'quero cancelar'].every((text) => isCancelRequest(text, 'pt'))).toBe(true);
    expect(isCancelRequest('não consigo cancelar minha assinatura do office', 'pt')).toBe(false);
    expect(isCancelRequest('never mind', 'en')).toBe(true);
    expect(isCancelRequest('olvídalo', 'es')).toBe(true);
  });

  it('while a free-text question is asked, leaves only on the request itself, not on a description holding a cancel word', () => {
    const freeText = { freeText: true };
    const pt = ['cancela', 'cancelar', 'Cancela!', 'deixa pra lá', 'não quero mais, obrigado', 'cancelar o chamado', 'quero cancelar', 'ok, esquece', 'esquece isso', 'não, cancela', 'pode cancelar, por favor', 'sair'];
    expect(pt.filter((text) => !isCancelRequest(text, 'pt', freeText))).toEqual([]);
    const en = ['cancel please', 'stop', 'never mind', 'forget it, thanks', 'I want to cancel the ticket', 'please stop'];
    expect(en.filter((text) => !isCancelRequest(text, 'en', freeText))).toEqual([]);
    expect(['cancelar', 'olvídalo', 'ya no quiero, gracias'].filter((text) => !isCancelRequest(text, 'es', freeText))).toEqual([]);
    const descriptions = ['botão sair travado', 'o botão sair não funciona', 'não consigo sair', 'sair do sistema não funciona', 'esquece a senha toda hora', 'no fim, quero cancelar'];
    expect(descriptions.filter((text) => isCancelRequest(text, 'pt', freeText))).toEqual([]);
    expect(['stop button is broken', 'the stop key does not work', 'exit button frozen', 'cancel button missing'].filter((text) => isCancelRequest(text, 'en', freeText))).toEqual([]);
    // Other questions keep the short-message rule.
    expect(isCancelRequest('botão sair travado', 'pt')).toBe(true);
  });

  it('finds what a request to change an earlier answer names', () => {
    expect(correctionTarget('corrigir o equipamento', 'pt')).toBe('equipamento');
    expect(correctionTarget('Quero mudar a descrição', 'pt')).toBe('descricao');
    expect(correctionTarget('change the device', 'en')).toBe('device');
    expect(correctionTarget('corrigir', 'pt')).toBeUndefined();
    expect(correctionTarget('a impressora não imprime', 'pt')).toBeUndefined();
  });
});

describe('readYesNo: a yes holds no negation and no change', () => {
  const read = (language: string) => (text: string) => readYesNo(text, language);

  it('reads a negation anywhere in a short reply as a no, not only at its opening', () => {
    expect(['claro que não', 'certo que não', 'pode ser que não', 'isso não', 'claro que nao', 'sim... não, espera'].map(read('pt'))).toEqual(Array(6).fill(false));
    expect(['of course not', 'sure not', 'ok, never'].map(read('en'))).toEqual([false, false, false]);
    expect(['claro que no', 'por supuesto que no', 'vale, no'].map(read('es'))).toEqual([false, false, false]);
  });

  it('reads a request to change, or a "but" with a change or a wrong answer, as a no (what to change is asked)', () => {
    expect(['pode mudar a descrição?', 'pode mudar a data?', 'muda a data', 'sim, mas troca o equipamento', 'ok, corrige a data'].map(read('pt'))).toEqual(Array(5).fill(false));
    expect(['sure, but change the date', 'ok but wrong date', 'yes, fix the date', 'change the date'].map(read('en'))).toEqual(Array(4).fill(false));
    expect(['sí, pero cambia la fecha', 'vale, cambia la fecha', 'ok pero está equivocado'].map(read('es'))).toEqual(Array(3).fill(false));
  });

  it('reads "it can wait" as a no (to "É urgente?")', () => {
    expect([readYesNo('pode esperar', 'pt'), readYesNo('isso pode esperar', 'pt'), readYesNo('it can wait', 'en'), readYesNo('puede esperar', 'es')]).toEqual([false, false, false, false]);
  });

  it('reads a yes only with yes words, courtesy and "go ahead" words besides; other words or a "but" ask again', () => {
    expect(['sim, pode registrar', 'sim, pode registrar o chamado, obrigado', 'isso mesmo', 'pode abrir', 'claro, por favor', 'ok'].map(read('pt'))).toEqual(Array(6).fill(true));
    expect(['pode ser amanhã?', 'pode ser amanhã', 'sim, mas rápido', 'sim, 3 cópias', 'claro, a impressora'].map(read('pt'))).toEqual(Array(5).fill(undefined));
    expect(['yes please', 'sure, go ahead', 'yes, open the ticket'].map(read('en'))).toEqual([true, true, true]);
    expect([readYesNo('yes, but quickly', 'en'), readYesNo('sí, pero rápido', 'es'), readYesNo('sí, por favor', 'es')]).toEqual([undefined, undefined, true]);
  });

  it('reads negated idioms ("não tem problema", "no problem", "why not") as neither', () => {
    expect([readYesNo('não tem problema', 'pt'), readYesNo('sim, não tem problema', 'pt'), readYesNo('no problem', 'en'), readYesNo('why not', 'en'), readYesNo('no hay problema', 'es')]).toEqual(Array(5).fill(undefined));
  });

  it('reads common yes forms of chat', () => {
    const pt = ['beleza', 'blz', 'tá bom', 'ta bom', 'uhum', 'aham', 'positivo', 'exatamente', 'com ctz', 'com certeza', 'bora', 'segue', 'registra aí', 'pode registrar', 'tá', 'okay', '👍', '👍🏽', 'ok 👍'];
    expect(pt.filter((text) => readYesNo(text, 'pt') !== true)).toEqual([]);
    expect(['yep', 'yup', 'yeah', '👍'].filter((text) => readYesNo(text, 'en') !== true)).toEqual([]);
    expect(['sip', 'dale', 'sí', '👍'].filter((text) => readYesNo(text, 'es') !== true)).toEqual([]);
  });

  it('reads common no forms of chat', () => {
    const pt = ['nada disso', 'nops', 'nem', 'de jeito nenhum', 'negativo', 'nem pensar', 'naum', '👎'];
    expect(pt.filter((text) => readYesNo(text, 'pt') !== false)).toEqual([]);
    expect(['nah', 'not really', 'no way', 'nope'].filter((text) => readYesNo(text, 'en') !== false)).toEqual([]);
    expect(['nop', 'para nada', 'de ninguna manera'].filter((text) => readYesNo(text, 'es') !== false)).toEqual([]);
  });

  it('folds stretched letters as the NLU does, and a word stretched by one letter that is an answer word', () => {
    expect(['siim', 'simmmm', 'SIIIIM', 'okkk', 'beleeeza'].filter((text) => readYesNo(text, 'pt') !== true)).toEqual([]);
    expect(['nãoo', 'nãããão', 'naoooo'].filter((text) => readYesNo(text, 'pt') !== false)).toEqual([]);
    expect([readYesNo('yesss', 'en'), readYesNo('nooo', 'en'), readYesNo('siii', 'es'), readYesNo('noo', 'es')]).toEqual([true, false, true, false]);
    // "isso" keeps its double letter.
    expect(readYesNo('isso', 'pt')).toBe(true);
  });
});

describe('isCancelRequest: the request itself leaves at any question', () => {
  it('leaves on a request with what is left and courtesy, however long, at a number or a yes/no question too', () => {
    const pt = ['cancela o chamado por favor', 'nao quero mais abrir chamado', 'não precisa mais', 'não precisa mais, obrigado', 'desisto de abrir o chamado', 'chega', 'parar', 'pode parar', 'deixa pra lá, obrigado'];
    expect(pt.filter((text) => !isCancelRequest(text, 'pt'))).toEqual([]);
    expect(pt.filter((text) => !isCancelRequest(text, 'pt', { freeText: true }))).toEqual([]);
    expect(['mejor no', 'ya no quiero el ticket, gracias', 'cancela el ticket por favor', 'ya no lo necesito'].filter((text) => !isCancelRequest(text, 'es'))).toEqual([]);
    expect(['I want to cancel the ticket please', 'I give up', 'never mind, thanks'].filter((text) => !isCancelRequest(text, 'en'))).toEqual([]);
  });

  it('does not leave on an answer that merely holds such a word', () => {
    const descriptions = ['parar de funcionar', 'a impressora vai parar', 'chega a travar', 'não precisa mais de senha', 'não consigo sair', 'esquece a senha toda hora'];
    expect(descriptions.filter((text) => isCancelRequest(text, 'pt', { freeText: true }))).toEqual([]);
    // At other questions "parar" and "chega" leave only as a request; the four-word rule keeps the other cancel words.
    expect(['parar de funcionar', 'vai parar', 'chega a travar', 'não consigo sair'].filter((text) => isCancelRequest(text, 'pt'))).toEqual([]);
  });
});

describe('correctionTarget: a request to change after a lead', () => {
  it('finds the target after "pode", a yes and "but"', () => {
    expect(correctionTarget('pode mudar a descrição?', 'pt')).toBe('descricao');
    expect(correctionTarget('sim, mas troca o equipamento', 'pt')).toBe('equipamento');
    expect(correctionTarget('sure, but change the date', 'en')).toBe('date');
    expect(correctionTarget('sí, pero cambia la fecha', 'es')).toBe('fecha');
    expect(correctionTarget('pode registrar', 'pt')).toBeUndefined();
  });
});

describe('numberCorrectionWords', () => {
  it('reads "o certo é" beside the number as a correction that names no context ("não, o certo é 3")', () => {
    expect(numberCorrectionWords(['nao', 'o', 'certo', 'e'], 'pt')).toEqual({ correction: true, said: [] });
    expect(numberCorrectionWords(['na', 'verdade', 'o', 'correto', 'seria'], 'pt')).toEqual({ correction: true, said: [] });
    expect(numberCorrectionWords(['no', 'the', 'right', 'one', 'is'], 'en')).toEqual({ correction: true, said: [] });
    expect(numberCorrectionWords(['no', 'lo', 'correcto', 'son'], 'es')).toEqual({ correction: true, said: [] });
    // Other words still must name the context.
    expect(numberCorrectionWords(['nao', 'as', 'da', 'tarde'], 'pt')).toEqual({ correction: true, said: ['tarde'] });
  });
});

describe('isQuestion', () => {
  it('is a question mark, or an opening only questions have, per language', () => {
    expect(isQuestion('a impressora não liga?', 'pt')).toBe(true);
    expect(isQuestion('¿a qué hora abren', 'es')).toBe(true);
    expect(isQuestion('Qual o horário de atendimento', 'pt')).toBe(true);
    expect(isQuestion('até que horas vocês atendem', 'pt')).toBe(true);
    expect(isQuestion('what time do you open', 'en')).toBe(true);
    expect(isQuestion('a qué hora abren', 'es')).toBe(true);
    // Descriptions.
    expect(isQuestion('a impressora não imprime', 'pt')).toBe(false);
    expect(isQuestion('como eu disse, não liga', 'pt')).toBe(false);
    expect(isQuestion('quando ligo o computador a tela fica preta', 'pt')).toBe(false);
    expect(isQuestion('vocês trocaram meu monitor e ele não liga', 'pt')).toBe(false);
    expect(isQuestion('when I print it jams', 'en')).toBe(false);
    expect(isQuestion('cuando imprimo se atasca', 'es')).toBe(false);
    expect(isQuestion('it does not print', 'en')).toBe(false);
    expect(isQuestion('no imprime nada', 'es')).toBe(false);
  });
});

describe('readTypedAnswer', () => {
  it('reads a message by the context type', () => {
    const equipamento = { name: 'equipamento', type: 'text' as const, values: [{ value: 'impressora', synonyms: ['imp'] }] };
    expect(readTypedAnswer(equipamento, ' IMP ', 'pt')).toEqual({ value: 'impressora' });
    expect(readTypedAnswer(equipamento, 'scanner', 'pt')).toEqual({ problem: { kind: 'values', values: ['impressora'] } });
    expect(readTypedAnswer({ name: 'descricao', type: 'text', values: [] }, '  não liga  ', 'pt')).toEqual({ value: 'não liga' });
    expect(readTypedAnswer({ name: 'urgente', type: 'boolean' }, 'sim', 'pt')).toEqual({ value: true });
    const nota = { name: 'nota', type: 'float' as const, min: 0, max: 10 };
    expect(readTypedAnswer(nota, 'nota 7,5', 'pt')).toEqual({ value: 7.5 });
    expect(readTypedAnswer(nota, '11', 'pt')).toEqual({ problem: { kind: 'number', min: 0, max: 10 } });
    expect(readTypedAnswer({ name: 'quando', type: 'text', values: [], entity: 'date' }, 'amanhã', 'pt')).toBeUndefined();
  });
});

describe('placeholders', () => {
  it('reads names, formats and built-in values, and renames a context keeping its format', () => {
    expect(placeholdersOf('{nome}, {valor:currency:EUR} em {$today:date}').map(({ name, format, argument }) => [name, format, argument])).toEqual([
      ['nome', undefined, undefined],
      ['valor', 'currency', 'EUR'],
      ['$today', 'date', undefined],
    ]);
    expect(renamePlaceholders('{data:date} e {data} e {dados}', 'data', 'quando')).toBe('{quando:date} e {quando} e {dados}');
    expect(formatProblem({ name: 'x', format: 'currency', argument: 'REAL', index: 0, length: 0 })).toMatch(/not a currency code/);
    expect(formatProblem({ name: 'x', format: 'date', argument: 'long', index: 0, length: 0 })).toMatch(/only currency takes an argument/);
  });
});
