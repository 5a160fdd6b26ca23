// Tests only: zip files written by hand (workbook-zip.test.ts, test/file-import-limits.test.ts).
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * The 26 bytes a local file header (from byte 4) and its central directory record (from byte 6)
 * share: version needed, flags, method (8: deflate), time, date, CRC-32, sizes, name length.
 */
function entryFields(fields: { crc: number; compressedSize: number; size: number; nameLength: number }): Buffer {
  const bytes = Buffer.alloc(26);
  bytes.writeUInt16LE(20, 0);
  bytes.writeUInt16LE(8, 4);
  bytes.writeUInt16LE(0x21, 8);
  bytes.writeUInt32LE(fields.crc, 10);
  bytes.writeUInt32LE(fields.compressedSize, 14);
  bytes.writeUInt32LE(fields.size, 18);
  bytes.writeUInt16LE(fields.nameLength, 22);
  return bytes;
}

/**
 * A zip of deflated entries written by hand, so that an entry can declare a size other than its
 * data's: what a zip bomb does to a reader that trusts the directory.
 */
export function handmadeZip(entries: ReadonlyArray<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declaredSize } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data);
    const fields = entryFields({ crc: crc32(data), compressedSize: compressed.length, size: declaredSize ?? data.length, nameLength: fileName.length });
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields.copy(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    fields.copy(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, compressed);
    directory.push(central, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
