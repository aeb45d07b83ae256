// Small builders for reader tests: files held in memory, served in awkwardly small chunks so
// that characters and records split across chunks are exercised too.
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import type { ExportRow, OpenedExport, Source } from '../../src/import/types.js';

export type TestEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'win1252';

export function encode(text: string, encoding: TestEncoding = 'utf8'): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]).swap16();
    case 'win1252':
      return iconv.encode(text, 'win1252');
  }
}

export function bufferSource(buffer: Buffer, chunkSize = 7): Source {
  return () => {
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < buffer.length; offset += chunkSize) {
      chunks.push(buffer.subarray(offset, offset + chunkSize));
    }
    return Readable.from(chunks);
  };
}

export function textSource(text: string, encoding: TestEncoding = 'utf8'): Source {
  return bufferSource(encode(text, encoding));
}

/** Lines joined with CRLF, as the exporting platforms write them. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

export function tsv(...rows: string[][]): string {
  return crlf(...rows.map((row) => row.join('\t')));
}

export async function collect(opened: OpenedExport): Promise<ExportRow[]> {
  const rows: ExportRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  return rows;
}

export function at(year: number, month: number, day: number, hour = 0, minute = 0, second = 0) {
  return { year, month, day, hour, minute, second };
}
