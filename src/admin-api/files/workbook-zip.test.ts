import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readDialogueWorkbook } from './dialogue-workbook.js';
import { handmadeZip as zip } from './handmade-zip.fixture.js';
import { MAX_WORKBOOK_ENTRIES, workbookZipProblem } from './workbook-zip.js';

const SIXTY_MB_OF_ZEROS = Buffer.alloc(60 * 1024 * 1024);

describe('workbookZipProblem', () => {
  it('passes a workbook ExcelJS wrote', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Dialogues').addRow(['Intent', 'User Says', 'Text Response']);
    expect(await workbookZipProblem(Buffer.from(await workbook.xlsx.writeBuffer()))).toBeUndefined();
  });

  it('refuses a zip of too many files before reading them', async () => {
    const many = Array.from({ length: MAX_WORKBOOK_ENTRIES + 1 }, (_, index) => ({ name: `xl/${index}.xml`, data: Buffer.from('<a/>') }));
    expect(await workbookZipProblem(zip(many))).toBe(`the workbook's zip holds ${MAX_WORKBOOK_ENTRIES + 1} files; an .xlsx file may hold at most ${MAX_WORKBOOK_ENTRIES}`);
  });

  it('refuses a zip that says it expands beyond the limit, before expanding it', async () => {
    const bomb = zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/worksheets/sheet1.xml', data: SIXTY_MB_OF_ZEROS }]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await workbookZipProblem(bomb)).toBe('the workbook expands to more than 50 MB (at xl/worksheets/sheet1.xml); import fewer rows at a time');
  });

  it('refuses a zip whose file expands beyond the size it declares, as soon as it does', async () => {
    const liar = zip([{ name: 'xl/worksheets/sheet1.xml', data: SIXTY_MB_OF_ZEROS, declaredSize: 1024 }]);
    expect(await workbookZipProblem(liar)).toMatch(/^the workbook's zip is damaged or declares false sizes \(at xl\/worksheets\/sheet1\.xml\): too many bytes in the stream/);
  });

  it('is what readDialogueWorkbook checks before ExcelJS expands anything', async () => {
    const liar = zip([{ name: 'xl/worksheets/sheet1.xml', data: SIXTY_MB_OF_ZEROS, declaredSize: 1024 }]);
    expect(await readDialogueWorkbook(liar)).toEqual({ ok: false, problems: [{ cell: 'file', code: 'sheet_zip_refused', message: expect.stringMatching(/declares false sizes/) }] });
  });
});
