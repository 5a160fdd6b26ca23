import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatMessages } from '../../../bench/chat-messages.js';
import { findDateTimes, mayHoldDateTime } from './date-times.js';

// Monday 10 March 2025, noon, in the machine's time zone: values are local.
const NOW = new Date(2025, 2, 10, 12, 0);

describe('findDateTimes', () => {
  it('reads "amanhã às 10h" as one date and time (pt-BR)', () => {
    expect(findDateTimes('pode ser amanhã às 10h?', 'pt', NOW)).toEqual([
      { kind: 'datetime', value: '2025-03-11T10:00', start: 9, end: 22 },
    ]);
  });

  it('reads Brazilian hours: 10h30, 9 horas, às 14:30 with a weekday', () => {
    expect(findDateTimes('às 10h30', 'pt', NOW)).toMatchObject([{ kind: 'time', value: '10:30' }]);
    expect(findDateTimes('dia 15/04 às 9 horas', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-04-15T09:00' }]);
    expect(findDateTimes('agendar para sexta-feira às 14:30', 'pt', NOW)).toMatchObject([
      { kind: 'datetime', value: '2025-03-14T14:30' },
    ]);
  });

  it('reads dates alone: hoje, daqui a 2 dias, 10 de março de 2025 (pt-PT too)', () => {
    expect(findDateTimes('hoje', 'pt', NOW)).toEqual([{ kind: 'date', value: '2025-03-10', start: 0, end: 4 }]);
    expect(findDateTimes('daqui a 2 dias', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-12' }]);
    expect(findDateTimes('a reunião é a 10 de março de 2025', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-10' }]);
  });

  it('reads what chrono misses: depois de amanhã, hj, daqui 2 dias, dia 15, no dia 20, semana que vem (pt); pasado mañana, el día 15, la semana que viene (es)', () => {
    expect(findDateTimes('depois de amanhã', 'pt', NOW)).toEqual([{ kind: 'date', value: '2025-03-12', start: 0, end: 16 }]);
    expect(findDateTimes('depois de amanha às 10h', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-12T10:00' }]);
    expect(findDateTimes('hj', 'pt', NOW)).toEqual([{ kind: 'date', value: '2025-03-10', start: 0, end: 2 }]);
    expect(findDateTimes('pode ser hj às 15h', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-10T15:00' }]);
    expect(findDateTimes('daqui 2 dias', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-12' }]);
    // The next 15th (this month's: today is the 10th), the next 5th (April's), today's 10th.
    expect(findDateTimes('dia 15', 'pt', NOW)).toEqual([{ kind: 'date', value: '2025-03-15', start: 0, end: 6 }]);
    expect(findDateTimes('pode ser no dia 20?', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-20' }]);
    expect(findDateTimes('dia 5', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-04-05' }]);
    expect(findDateTimes('dia 10', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-10' }]);
    expect(findDateTimes('dia 31', 'pt', new Date(2025, 3, 10, 12))).toMatchObject([{ kind: 'date', value: '2025-05-31' }]);
    expect(findDateTimes('no dia 20 às 14h', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-20T14:00' }]);
    // A day with its month is still chrono's.
    expect(findDateTimes('dia 15/04 às 9 horas', 'pt', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-04-15T09:00' }]);
    expect(findDateTimes('dia 5 de abril', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-04-05' }]);
    // A week from today.
    expect(findDateTimes('semana que vem', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-17' }]);
    expect(findDateTimes('na próxima semana', 'pt', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-17' }]);
    expect(findDateTimes('pasado mañana', 'es', NOW)).toEqual([{ kind: 'date', value: '2025-03-12', start: 0, end: 13 }]);
    expect(findDateTimes('pasado mañana a las 10', 'es', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-12T10:00' }]);
    expect(findDateTimes('el día 15', 'es', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-15' }]);
    expect(findDateTimes('la semana que viene', 'es', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-17' }]);
    expect(findDateTimes('la próxima semana', 'es', NOW)).toMatchObject([{ kind: 'date', value: '2025-03-17' }]);
    for (const text of ['hj', 'semana que vem', 'depois de amanhã', 'próxima semana']) expect(mayHoldDateTime(text, 'pt'), text).toBe(true);
    for (const text of ['pasado mañana', 'la semana que viene']) expect(mayHoldDateTime(text, 'es'), text).toBe(true);
  });

  it('reads English and Spanish', () => {
    expect(findDateTimes('tomorrow at 10am', 'en', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-11T10:00' }]);
    expect(findDateTimes('book a table at 7pm', 'en', NOW)).toMatchObject([{ kind: 'time', value: '19:00' }]);
    expect(findDateTimes('mañana a las 10', 'es', NOW)).toMatchObject([{ kind: 'datetime', value: '2025-03-11T10:00' }]);
  });

  it('does not take a bare number or a quantity for a time', () => {
    expect(findDateTimes('quero 2 impressoras', 'pt', NOW)).toEqual([]);
    expect(findDateTimes('a 2', 'pt', NOW)).toEqual([]);
    expect(findDateTimes('minha impressora não imprime', 'pt', NOW)).toEqual([]);
  });
});

/** The words of one of chrono's dictionaries (`WEEKDAY_DICTIONARY`…) of a locale. */
function dictionaryWords(locale: 'en' | 'es'): (name: string) => string[] {
  // chrono-node exports its locales, not their dictionaries: read them from the locale's folder.
  const require = createRequire(import.meta.url);
  const dictionaries = require(join(dirname(require.resolve(`chrono-node/${locale}`)), 'constants.js')) as Record<string, Record<string, unknown>>;
  return (name) => Object.keys(dictionaries[name] ?? {});
}

describe('mayHoldDateTime (the pre-pass before chrono)', () => {
  it('lets through every Portuguese word chrono reads without digits, whatever the case', () => {
    for (const text of ['hoje', 'HOJE', 'hj', 'semana que vem', 'pode ser amanhã?', 'Amanha', 'ontem à noite', 'agora', 'de manhã', 'à tarde', 'ao meio-dia', 'meia-noite', 'próxima segunda', 'Sexta-feira', 'sábado que vem', 'sabado', 'dom.', 'ter,', 'qua']) {
      expect(mayHoldDateTime(text, 'pt'), text).toBe(true);
    }
  });

  it('skips chrono for messages that cannot hold a date, and never for digits', () => {
    for (const text of ['quero abrir um chamado', 'qualquer coisa', 'minha impressora não liga', 'terminal travado', 'sextante']) {
      expect(mayHoldDateTime(text, 'pt'), text).toBe(false);
    }
    expect(mayHoldDateTime('chamado 123', 'pt')).toBe(true);
  });

  it('lets through English dates and times chrono reads without digits, and skips it for the others', () => {
    for (const text of ['next week', 'a day ago', 'within an hour', 'in a few mins', 'couple of days later', 'this weekend', 'end of the month', 'tonight', 'last night', 'Friday', 'on tue.', 'in March', 'tmrw', 'at noon', 'the hr after']) {
      expect(findDateTimes(text, 'en', NOW).length, text).toBeGreaterThan(0);
      expect(mayHoldDateTime(text, 'en'), text).toBe(true);
    }
    for (const text of ['what is my credit limit', 'cancel my order', 'how do i reset my password', 'what is my bank balance']) {
      expect(mayHoldDateTime(text, 'en'), text).toBe(false);
    }
    expect(mayHoldDateTime('call me at 5', 'en')).toBe(true);
  });

  it("lets through every weekday, month and time unit of chrono's English dictionaries (a chrono upgrade that adds one fails here)", () => {
    const keys = dictionaryWords('en');
    expect(keys('TIME_UNIT_DICTIONARY').length).toBeGreaterThan(10);
    for (const day of keys('WEEKDAY_DICTIONARY')) expect(mayHoldDateTime(`see you ${day}`, 'en'), day).toBe(true);
    for (const month of keys('MONTH_DICTIONARY')) expect(mayHoldDateTime(`back in ${month}`, 'en'), month).toBe(true);
    const numbers = [...keys('INTEGER_WORD_DICTIONARY'), 'a', 'an', 'few', 'a few', 'several', 'the', 'half', 'couple of'];
    for (const unit of keys('TIME_UNIT_DICTIONARY')) {
      expect(mayHoldDateTime(`next ${unit}`, 'en'), `next ${unit}`).toBe(true);
      for (const number of numbers) expect(mayHoldDateTime(`${number} ${unit} ago`, 'en'), `${number} ${unit} ago`).toBe(true);
    }
  });

  it('never hides a date chrono finds: every English message of CLINC150', () => {
    const data = JSON.parse(readFileSync(new URL('../../../bench/data/clinc150/data_full.json', import.meta.url), 'utf8')) as Record<string, [string, string][]>;
    let withDates = 0;
    let skipped = 0;
    for (const [text] of Object.values(data).flat()) {
      if (!mayHoldDateTime(text, 'en')) skipped++;
      if (findDateTimes(text, 'en', NOW).length === 0) continue;
      withDates++;
      expect(mayHoldDateTime(text, 'en'), text).toBe(true);
    }
    expect(withDates).toBeGreaterThan(2000);
    // The pre-pass is worth having: most messages skip chrono.
    expect(skipped).toBeGreaterThan(10_000);
  });

  it('lets through Spanish dates and times chrono reads without digits, and skips it for the others', () => {
    for (const text of ['hoy', 'Mañana', 'manana temprano', 'ayer', 'esta tarde', 'por la noche', 'a medianoche', 'al mediodía', 'el próximo lunes', 'Miércoles', 'mie.', 'el sáb', 'en enero', 'dic.', 'dentro de una semana', 'en unos días', 'por dos horas']) {
      expect(findDateTimes(text, 'es', NOW).length, text).toBeGreaterThan(0);
      expect(mayHoldDateTime(text, 'es'), text).toBe(true);
    }
    for (const text of ['no puedo entrar a mi cuenta', 'la impresora no funciona', 'quiero abrir un ticket', 'mi contraseña expiró', 'gracias por la ayuda', 'necesito instalar un programa', 'marcar como leído']) {
      expect(mayHoldDateTime(text, 'es'), text).toBe(false);
    }
    expect(mayHoldDateTime('ticket 4521', 'es')).toBe(true);
  });

  it("lets through every weekday, month and time unit of chrono's Spanish dictionaries (a chrono upgrade that adds one fails here)", () => {
    const keys = dictionaryWords('es');
    expect(keys('TIME_UNIT_DICTIONARY').length).toBeGreaterThan(10);
    for (const day of keys('WEEKDAY_DICTIONARY')) expect(mayHoldDateTime(`nos vemos el ${day}`, 'es'), day).toBe(true);
    for (const month of keys('MONTH_DICTIONARY')) expect(mayHoldDateTime(`vuelvo en ${month}`, 'es'), month).toBe(true);
    for (const unit of keys('TIME_UNIT_DICTIONARY')) {
      for (const number of [...keys('INTEGER_WORD_DICTIONARY'), 'un', 'una', 'unos', 'algunos']) expect(mayHoldDateTime(`dentro de ${number} ${unit}`, 'es'), `${number} ${unit}`).toBe(true);
    }
  });

  it('never hides a date chrono finds: generated Spanish messages, with and without date words', () => {
    // No Spanish data set here: messages drawn from everyday words and every word chrono's Spanish
    // parsers read, in any case and with punctuation, the words glued together now and then.
    const keys = dictionaryWords('es');
    const chronoWords = ['WEEKDAY_DICTIONARY', 'MONTH_DICTIONARY', 'TIME_UNIT_DICTIONARY', 'INTEGER_WORD_DICTIONARY', 'ORDINAL_WORD_DICTIONARY'].flatMap(keys);
    const casual = ['ahora', 'hoy', 'mañana', 'manana', 'ayer', 'esta', 'tarde', 'noche', 'medianoche', 'mediodia', 'mediodía', 'este', 'pasado', 'próximo', 'proximo', 'en', 'por', 'durante', 'dentro de', 'de', 'un', 'una', 'unos', 'algunos'];
    const everyday = ['quiero', 'la', 'impresora', 'no', 'funciona', 'mi', 'cuenta', 'contraseña', 'abrir', 'ticket', 'gracias', 'necesito', 'ayuda', 'correo', 'programa', 'marcar', 'semáforo', 'horario', 'diario', 'mesa', 'jugar', 'minuta', 'domina', 'lunar', 'hola', 'sí', 'vale', 'equipo', 'lento'];
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let withDates = 0;
    let skipped = 0;
    for (let index = 0; index < 20_000; index++) {
      const words = Array.from({ length: 2 + Math.floor(random() * 6) }, () => {
        const source = random();
        const word = source < 0.6 ? pick(everyday) : source < 0.8 ? pick(chronoWords) : pick(casual);
        return random() < 0.2 ? word.toUpperCase() : word;
      });
      const text = words.reduce((joined, word) => joined + pick([' ', ' ', ' ', ', ', '. ', '', '-']) + word);
      if (!mayHoldDateTime(text, 'es')) skipped++;
      if (findDateTimes(text, 'es', NOW).length === 0) continue;
      withDates++;
      expect(mayHoldDateTime(text, 'es'), text).toBe(true);
    }
    expect(withDates).toBeGreaterThan(2500);
    expect(skipped).toBeGreaterThan(1000);
  });

  it('never hides a date chrono finds: every Portuguese message of the data sets and the bench', () => {
    const lines = (path: string) =>
      readFileSync(new URL(path, import.meta.url), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { text: string }).text);
    const next = chatMessages();
    const texts = [...lines('../../../bench/data/service-desk-pt-BR/data.jsonl'), ...lines('../../../bench/data/cosibot-pt-PT/split.jsonl'), ...Array.from({ length: 5000 }, () => next())];
    let withDates = 0;
    for (const text of texts) {
      if (findDateTimes(text, 'pt', NOW).length === 0) continue;
      withDates++;
      expect(mayHoldDateTime(text, 'pt'), text).toBe(true);
    }
    expect(withDates).toBeGreaterThan(50);
  });
});
