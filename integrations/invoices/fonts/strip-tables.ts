/**
 * Makes the invoice fonts from Debian's DejaVu Sans Condensed 2.37 (fonts-dejavu-core):
 * the same font without its OpenType layout tables (GPOS, GSUB, GDEF) and MATH. fontkit then
 * kerns from the legacy `kern` table instead of running OpenType shaping for every word, which
 * made pdfmake's text measuring the larger part of rendering an invoice. Latin, Greek and
 * Cyrillic text (precomposed) and ₹ look the same; combining marks are not positioned.
 *
 *   npx tsx integrations/invoices/fonts/strip-tables.ts /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf integrations/invoices/fonts/DejaVuSansCondensed.ttf
 *
 * The Bitstream Vera licence (LICENSE) allows modified copies under a name without "Bitstream"
 * or "Vera"; DejaVu's own changes are in the public domain.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const DROP = new Set(['GPOS', 'GSUB', 'GDEF', 'MATH']);

export function stripTables(font: Buffer, drop: ReadonlySet<string> = DROP): Buffer {
  const count = font.readUInt16BE(4);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    if (drop.has(tag)) continue;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    tables.push({
      tag,
      checksum: font.readUInt32BE(at + 4),
      data: font.subarray(offset, offset + length),
    });
  }
  tables.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const n = tables.length;
  const power = 2 ** Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(font.readUInt32BE(0), 0); // sfnt version
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(n * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  let headAt = -1;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    header.write(t.tag, at, 'latin1');
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    if (t.tag === 'head') headAt = offset;
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  const out = Buffer.concat([header, ...bodies]);
  // head.checkSumAdjustment = 0xB1B0AFBA − the sum of the whole file with it at zero.
  out.writeUInt32BE(0, headAt + 8);
  let sum = 0;
  for (let i = 0; i < out.length; i += 4) sum = (sum + out.readUInt32BE(i)) >>> 0;
  out.writeUInt32BE((0xb1b0afba - sum) >>> 0, headAt + 8);
  return out;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) throw new Error('usage: strip-tables.ts <from.ttf> <to.ttf>');
  writeFileSync(to, stripTables(readFileSync(from)));
}
