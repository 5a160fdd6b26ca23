// Uploaded images, kept as files named by the SHA-256 of their bytes: the same image uploaded
// twice is stored once, a name never changes meaning (so it can be cached forever), and a name
// reveals nothing but the content. The folder is HELPER_MEDIA_DIR (default HELPER_DATA_DIR/media).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectImageType, type ImageType } from './image-type.js';

/** A stored file's name: 64 hex digits and the image's extension. */
export const MEDIA_FILE_NAME = /^[0-9a-f]{64}\.(png|jpg|gif|webp)$/;

export interface StoredMedia {
  file: string;
  contentType: string;
  bytes: number;
}

export class MediaStore {
  constructor(readonly directory: string) {}

  /** Stores an image; undefined when the bytes are not PNG, JPEG, GIF or WebP. */
  async save(bytes: Buffer): Promise<StoredMedia | undefined> {
    const type: ImageType | undefined = detectImageType(bytes);
    if (type === undefined) return undefined;
    const file = `${createHash('sha256').update(bytes).digest('hex')}.${type.extension}`;
    const path = join(this.directory, file);
    if (!(await exists(path))) {
      await mkdir(this.directory, { recursive: true });
      // Written aside then renamed: a reader never sees half a file.
      const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
      await writeFile(partial, bytes);
      await rename(partial, path);
    }
    return { file, contentType: type.contentType, bytes: bytes.length };
  }

  /** Where a stored file is, or undefined for a name that is not one of ours. */
  pathOf(file: string): string | undefined {
    return MEDIA_FILE_NAME.test(file) ? join(this.directory, file) : undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
