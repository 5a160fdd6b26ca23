import { describe, expect, it } from 'vitest';
import { emptyContent } from '../content.js';
import { dropUnsoundItems, formatImportReport, type ImportReport } from './import-report.js';

describe('dropUnsoundItems', () => {
  it('leaves out only a synonym that means two values, not its context and what needs it', () => {
    const content = emptyContent();
    content.contexts.push({ name: 'city', type: 'text', values: [{ value: 'NYC', synonyms: [] }, { value: 'New York', synonyms: ['NYC', 'big apple'] }] });
    content.intents.push({ name: 'travel', phrases: [{ text: 'to NYC', entities: [{ start: 3, end: 6, entity: 'city', value: 'NYC' }] }] });
    content.skills.push({ name: 'utter_where', fallback: false, kind: 'text', texts: ['Going to {city}'] });
    content.dialogues.push({ name: 'travel', intents: ['travel'], skill: 'utter_where' });
    const report: ImportReport = { source: 'rasa', lines: [] };
    dropUnsoundItems(content, report);
    expect(content.contexts).toEqual([{ name: 'city', type: 'text', values: [{ value: 'NYC', synonyms: [] }, { value: 'New York', synonyms: ['big apple'] }] }]);
    expect(content.intents.map((intent) => intent.name)).toEqual(['travel']);
    expect(content.skills.map((skill) => skill.name)).toEqual(['utter_where']);
    expect(content.dialogues.map((dialogue) => dialogue.name)).toEqual(['travel']);
    expect(formatImportReport(report)).toEqual(['skipped synonym "NYC" of value "New York" of entity "city": "NYC" already stands for value "NYC" of this context; a word can mean only one value']);
    expect(report.lines[0]).toMatchObject({ itemCode: 'entity_synonym', code: 'rule_broken', params: { field: 'values.1.synonyms.0' } });
  });
});
