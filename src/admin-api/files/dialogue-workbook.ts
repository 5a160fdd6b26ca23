// The dialogues spreadsheet as an .xlsx file (ExcelJS): one sheet whose first row is the header
// Intent | User Says | Text Response. Reading checks the file and every row, and reports each
// problem with its row and column. An uploaded file is read in a worker (read-in-worker.ts).
// ExcelJS (about 8 MB of heap once loaded) is loaded on the first spreadsheet, not at start.
import type ExcelJS from 'exceljs';
import { isSymbolName, symbolNameMessage } from '../../assistant/symbol-name.js';
import type { SheetRow } from './dialogue-sheet.js';
import { NOT_A_WORKBOOK, workbookZipProblem } from './workbook-zip.js';

export const DIALOGUE_COLUMNS = ['Intent', 'User Says', 'Text Response'] as const;
export const MAX_DIALOGUE_ROWS = 100_000;

export interface SheetProblem {
  /** The spreadsheet's address, e.g. `B7`, or `file` for the file as a whole. */
  cell: string;
  message: string;
  /** A stable code and its params (src/admin-api/problem-codes.ts): the console's words. */
  code?: string;
  params?: Record<string, string | number>;
}

export async function writeDialogueWorkbook(rows: readonly SheetRow[]): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Helper Assistant';
  const sheet = workbook.addWorksheet('Dialogues');
  sheet.columns = [
    { header: DIALOGUE_COLUMNS[0], key: 'intent', width: 28 },
    { header: DIALOGUE_COLUMNS[1], key: 'userSays', width: 50 },
    { header: DIALOGUE_COLUMNS[2], key: 'textResponse', width: 70 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's text, whatever ExcelJS made of it (numbers, rich text, links, formula results). */
function cellText(value: ExcelJS.CellValue): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return undefined;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('hyperlink' in value && 'text' in value) return typeof value.text === 'string' ? value.text.trim() : cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return undefined;
}

export type DialogueWorkbookResult = { ok: true; rows: SheetRow[] } | { ok: false; problems: SheetProblem[] };

export async function readDialogueWorkbook(file: Buffer): Promise<DialogueWorkbookResult> {
  // ExcelJS expands the whole zip: only after its sizes are known to be bounded.
  const zipProblem = await workbookZipProblem(file);
  if (zipProblem !== undefined) return { ok: false, problems: [{ cell: 'file', message: zipProblem, code: zipProblem === NOT_A_WORKBOOK ? 'sheet_not_workbook' : 'sheet_zip_refused' }] };
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // ExcelJS's typings want its own Buffer type.
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, problems: [{ cell: 'file', message: NOT_A_WORKBOOK, code: 'sheet_not_workbook' }] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problems: [{ cell: 'file', message: 'the workbook has no sheet', code: 'sheet_none' }] };
  const header = sheet.getRow(1);
  const columns = new Map<string, number>();
  header.eachCell((cell, column) => {
    const text = cellText(cell.value)?.toLowerCase();
    if (text) columns.set(text, column);
  });
  const missing = DIALOGUE_COLUMNS.filter((name) => !columns.has(name.toLowerCase()));
  if (missing.length > 0) {
    return { ok: false, problems: [{ cell: 'A1', message: `row 1 must be the header ${DIALOGUE_COLUMNS.join(' | ')}; missing: ${missing.join(', ')}`, code: 'sheet_header', params: { columns: DIALOGUE_COLUMNS.join(' | '), missing: missing.join(', ') } }] };
  }
  // Rows below the header.
  if (sheet.rowCount - 1 > MAX_DIALOGUE_ROWS) {
    return { ok: false, problems: [{ cell: 'file', message: `the sheet has more than ${MAX_DIALOGUE_ROWS} rows below the header; import at most ${MAX_DIALOGUE_ROWS} at a time`, code: 'sheet_too_many_rows', params: { max: MAX_DIALOGUE_ROWS } }] };
  }
  const [intentColumn, saysColumn, responseColumn] = DIALOGUE_COLUMNS.map((name) => columns.get(name.toLowerCase()) as number) as [number, number, number];
  const problems: SheetProblem[] = [];
  const rows: SheetRow[] = [];
  for (let number = 2; number <= sheet.rowCount; number++) {
    const row = sheet.getRow(number);
    const read = (column: number, name: string): string => {
      const text = cellText(row.getCell(column).value);
      if (text !== undefined) return text;
      problems.push({ cell: row.getCell(column).address, message: `row ${number}, column ${name}: not text`, code: 'sheet_not_text', params: { row: number, column: name } });
      return '';
    };
    const intent = read(intentColumn, 'Intent');
    const userSays = read(saysColumn, 'User Says');
    const textResponse = read(responseColumn, 'Text Response');
    if (intent === '' && userSays === '' && textResponse === '') continue;
    if (intent === '') problems.push({ cell: row.getCell(intentColumn).address, message: `row ${number}, column Intent: empty`, code: 'sheet_intent_empty', params: { row: number } });
    else if (!isSymbolName(intent)) problems.push({ cell: row.getCell(intentColumn).address, message: `row ${number}, column Intent: ${symbolNameMessage('intent', intent)}`, code: 'sheet_intent_name', params: { row: number, name: intent } });
    if (userSays === '' && textResponse === '') {
      problems.push({ cell: row.getCell(saysColumn).address, message: `row ${number}, columns User Says and Text Response: both empty (a row needs a phrase, an answer or both)`, code: 'sheet_row_empty', params: { row: number } });
    }
    rows.push({ intent, userSays, textResponse });
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: [{ cell: 'A2', message: 'the sheet has no rows below the header', code: 'sheet_no_rows' }] };
  return { ok: true, rows };
}
