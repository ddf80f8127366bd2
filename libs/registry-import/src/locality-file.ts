import { open } from 'node:fs/promises';
import type { LocalityRegistered, LocalitySucceeded } from '@ledger/domain';
import { parsePost2025Units } from './post-2025-units.parser';
import { parsePre2025Units } from './pre-2025-units.parser';

/** The official files are 2.6 MB and 1.5 MB; anything far larger is not one of them. */
export const localityFileBytesMax = 64 * 1024 * 1024;

export const localityFileFormats = ['pre-2025', 'post-2025'] as const;
export type LocalityFileFormat = (typeof localityFileFormats)[number];

export interface LocalityImport {
  readonly format: LocalityFileFormat;
  /** Parents before children, ready to register in order. */
  readonly units: LocalityRegistered['data'][];
  /** Empty for the pre-2025 list, which records no reform. */
  readonly successions: LocalitySucceeded['data'][];
}

/**
 * Reads one official list of administrative units (UTF-8) and parses it by its format.
 * Files above `localityFileBytesMax` and bytes that are not UTF-8 are refused with an Error
 * naming the path.
 */
export async function readLocalityFile(filePath: string, format: LocalityFileFormat): Promise<LocalityImport> {
  if (!(localityFileFormats as readonly string[]).includes(format)) {
    throw new Error(`locality file ${filePath}: unknown format ${JSON.stringify(format)}; expected one of ${localityFileFormats.join(', ')}`);
  }
  const text = await readBoundedUtf8(filePath);
  try {
    if (format === 'pre-2025') return { format, units: parsePre2025Units(text), successions: [] };
    const { units, successions } = parsePost2025Units(text);
    return { format, units, successions };
  } catch (error) {
    throw new Error(`locality file ${filePath}: ${(error as Error).message}`, { cause: error });
  }
}

async function readBoundedUtf8(filePath: string): Promise<string> {
  const handle = await open(filePath, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`locality file ${filePath}: not a regular file`);
    if (stats.size > localityFileBytesMax) {
      throw new Error(`locality file ${filePath}: ${stats.size} bytes exceeds the limit of ${localityFileBytesMax} bytes (localityFileBytesMax)`);
    }
    const bytes = await handle.readFile();
    // The file may have grown between stat and read.
    if (bytes.length > localityFileBytesMax) {
      throw new Error(`locality file ${filePath}: ${bytes.length} bytes exceeds the limit of ${localityFileBytesMax} bytes (localityFileBytesMax)`);
    }
    try {
      // A fatal decoder refuses mis-encoded bytes instead of turning them into U+FFFD inside names;
      // it also drops a leading byte-order mark.
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (error) {
      throw new Error(`locality file ${filePath}: the content is not valid UTF-8`, { cause: error });
    }
  } finally {
    await handle.close();
  }
}
