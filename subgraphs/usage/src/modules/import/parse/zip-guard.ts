import yauzl from 'yauzl';
import { ParseFailure, type ParseLimits } from './parse-result.js';

/** More entries than any workbook has: a zip of many small bombs. */
const MAX_ENTRIES = 2_000;
/** Entries smaller than this are not held to the ratio (tiny XML parts compress well). */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * A zip bomb is refused before anything is inflated: the central directory's declared uncompressed sizes are summed
 * and each large entry's compression ratio checked (yauzl reads only the directory here). exceljs would otherwise
 * inflate every part. A zip that lies about its sizes still meets the parse worker's heap limit and timeout, and
 * the row and cell limits while rows stream.
 */
export async function guardZip(bytes: Uint8Array, limits: Pick<ParseLimits, 'maxDecompressedBytes' | 'maxCompressionRatio'>): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, autoClose: true }, (error, file) => (error ? reject(new ParseFailure('UNREADABLE_FILE', error.message)) : resolve(file))),
  );
  if (zip.entryCount > MAX_ENTRIES) {
    zip.close();
    throw new ParseFailure('DECOMPRESSED_TOO_LARGE', `${zip.entryCount} entries`);
  }
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (total > limits.maxDecompressedBytes || (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio)) {
        zip.close();
        reject(new ParseFailure('DECOMPRESSED_TOO_LARGE', `${entry.fileName}: ${entry.uncompressedSize} bytes declared`));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (error: Error) => reject(new ParseFailure('UNREADABLE_FILE', error.message)));
    zip.readEntry();
  });
}
