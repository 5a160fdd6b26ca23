// Writes export rows as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the accents)
// or as an .xlsx workbook (ExcelJS's streaming writer, so a large export never sits in memory).
import type { Writable } from 'node:stream';

import { EXPORT_COLUMNS, type ExportRow } from './export-rows.js';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function writeExport(rows: AsyncIterable<ExportRow>, format: ExportFormat, output: Writable): Promise<number> {
  return format === 'csv' ? writeCsv(rows, output) : writeXlsx(rows, output);
}

async function writeCsv(rows: AsyncIterable<ExportRow>, output: Writable): Promise<number> {
  let count = 0;
  await write(output, `\uFEFF${EXPORT_COLUMNS.map((column) => column.header).join(',')}\r\n`);
  for await (const row of rows) {
    await write(output, `${EXPORT_COLUMNS.map((column) => csvCell(row[column.key])).join(',')}\r\n`);
    count += 1;
  }
  await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return count;
}

async function writeXlsx(rows: AsyncIterable<ExportRow>, output: Writable): Promise<number> {
  // ExcelJS (about 8 MB of heap once loaded) is loaded on the first .xlsx export, not at start.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Helper Assistant';
  const sheet = workbook.addWorksheet('Conversations');
  sheet.columns = EXPORT_COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: column.key === 'text' ? 60 : column.key === 'time' ? 26 : 16,
    ...(column.key === 'confidence' ? { style: { numFmt: '0.0%' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row).commit();
    count += 1;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

/**
 * A CSV cell: quoted when needed; text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return first) gets a leading apostrophe (OWASP's advice on CSV injection).
 */
function csvCell(value: ExportRow[keyof ExportRow]): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function write(output: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (output.write(chunk, (error) => (error ? reject(error) : undefined))) resolve();
    else output.once('drain', resolve);
  });
}
