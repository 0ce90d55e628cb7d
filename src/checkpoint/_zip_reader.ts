/**
 * Lazy reader for zip archives as written by `torch.save`: reads the central directory
 * once, then each entry on demand by file offset, so a 1 GB checkpoint is never held in
 * memory whole. Follows PKWARE's APPNOTE 6.3: ZIP64 end records and extra fields are
 * honoured; STORED entries are read by range, DEFLATE entries are inflated whole with fflate.
 * Sizes come from the central directory, since torch's writer leaves the local header's
 * sizes zero and uses a data descriptor.
 *
 * @module
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { inflateSync } from "fflate";

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const U32_MAX = 0xffffffff;

/** One file inside the archive, as described by the central directory. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** CRC-32 of the uncompressed data, from the central directory. */
  readonly crc32: number;
}

/** An open zip archive; `name` is used in error messages. Close it when done. */
export class ZipReader {
  readonly name: string;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  #file: FileHandle;
  #fileSize: number;
  #dataStart = new Map<string, number>();
  #verified = new Set<string>();

  private constructor(
    name: string,
    file: FileHandle,
    fileSize: number,
    entries: Map<string, ZipEntry>,
  ) {
    this.name = name;
    this.#file = file;
    this.#fileSize = fileSize;
    this.entries = entries;
  }

  /**
   * Opens `path` and reads its central directory.
   * Throws SyntaxError naming `name` when the end records or directory are missing or
   * damaged, e.g. for a truncated download.
   */
  static async open(path: string, name: string): Promise<ZipReader> {
    const file = await open(path, "r");
    try {
      const { size } = await file.stat();
      const entries = await _readDirectory(file, size, name);
      return new ZipReader(name, file, size, entries);
    } catch (e) {
      await file.close();
      throw e;
    }
  }

  /**
   * Reads bytes `[start, end)` of the uncompressed entry (the whole entry by default).
   * The first read of an entry checks the CRC-32 of all its data (a stored entry is
   * streamed through the checksum once), as `torch.load` does.
   * Throws RangeError when the entry is missing or the range runs past its end, and
   * SyntaxError naming the entry and the file when its CRC-32 does not match.
   */
  async read(entryName: string, start = 0, end?: number): Promise<Uint8Array> {
    const entry = this.entries.get(entryName);
    if (entry === undefined) {
      throw new RangeError(`Cannot find entry ${entryName} in ${this.name}`);
    }
    const stop = end ?? entry.size;
    if (start < 0 || stop < start || stop > entry.size) {
      throw new RangeError(
        `Cannot read bytes ${start}..${stop} of ${entryName} in ${this.name}: it holds ${entry.size} bytes`,
      );
    }
    const dataStart = await this.#entryDataStart(entry);
    if (entry.method === 0) {
      if (!this.#verified.has(entryName)) {
        if (start === 0 && stop === entry.size) {
          const all = await this.#readAt(dataStart, entry.size);
          this.#check(entry, crc32(all));
          return all;
        }
        let crc = 0;
        for (let p = 0; p < entry.size; p += 1 << 24) {
          const n = Math.min(1 << 24, entry.size - p);
          crc = crc32(await this.#readAt(dataStart + p, n), crc);
        }
        this.#check(entry, crc);
      }
      return await this.#readAt(dataStart + start, stop - start);
    }
    if (entry.method === 8) {
      const raw = await this.#readAt(dataStart, entry.compressedSize);
      let out: Uint8Array;
      try {
        out = inflateSync(raw, { out: new Uint8Array(entry.size) });
      } catch (error) {
        throw new SyntaxError(
          `Cannot inflate ${entryName} in ${this.name}: ${
            (error as Error).message
          } (the file is damaged)`,
        );
      }
      if (out.length !== entry.size) {
        throw new SyntaxError(
          `Cannot inflate ${entryName} in ${this.name}: got ${out.length} bytes, expected ${entry.size}`,
        );
      }
      if (!this.#verified.has(entryName)) this.#check(entry, crc32(out));
      return out.subarray(start, stop);
    }
    throw new TypeError(
      `Cannot read ${entryName} in ${this.name} as it uses compression method ${entry.method}: expected 0 (stored) or 8 (deflate)`,
    );
  }

  #check(entry: ZipEntry, crc: number): void {
    if (crc >>> 0 !== entry.crc32 >>> 0) {
      throw new SyntaxError(
        `Cannot read ${entry.name} in ${this.name}: its CRC-32 is ${hex(crc)}, the zip directory ` +
          `says ${hex(entry.crc32)} (the file is damaged; download or copy it again)`,
      );
    }
    this.#verified.add(entry.name);
  }

  /** Releases the file handle. */
  async close(): Promise<void> {
    await this.#file.close();
  }

  async #entryDataStart(entry: ZipEntry): Promise<number> {
    const known = this.#dataStart.get(entry.name);
    if (known !== undefined) return known;
    const header = await this.#readAt(entry.localHeaderOffset, 30);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (view.getUint32(0, true) !== LOCAL_SIG) {
      throw new SyntaxError(
        `Cannot read ${entry.name} in ${this.name}: no local header at byte ${entry.localHeaderOffset}`,
      );
    }
    const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) +
      view.getUint16(28, true);
    if (start + entry.compressedSize > this.#fileSize) {
      throw new SyntaxError(
        `Cannot read ${entry.name} in ${this.name}: its data runs past the end of the file (file truncated?)`,
      );
    }
    this.#dataStart.set(entry.name, start);
    return start;
  }

  #readAt(position: number, length: number): Promise<Uint8Array> {
    return _readAt(this.#file, position, length, this.name);
  }
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

async function _readAt(
  file: FileHandle,
  position: number,
  length: number,
  name: string,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) {
      throw new SyntaxError(
        `Cannot read ${name}: it ends at byte ${position + done}, expected ${
          position + length
        } (file truncated?)`,
      );
    }
    done += bytesRead;
  }
  return buffer;
}

async function _readDirectory(
  file: FileHandle,
  fileSize: number,
  name: string,
): Promise<Map<string, ZipEntry>> {
  const fail = (why: string) => new SyntaxError(`Cannot read ${name} as a zip archive: ${why}`);
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tailStart = fileSize - tailLength;
  const tail = await _readAt(file, tailStart, tailLength, name);
  const tv = new DataView(tail.buffer);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD_SIG && i + 22 + tv.getUint16(i + 20, true) <= tailLength) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail("end of central directory not found (file truncated?)");
  let count = tv.getUint16(eocd + 10, true);
  let cdSize = tv.getUint32(eocd + 12, true);
  let cdOffset = tv.getUint32(eocd + 16, true);
  const locator = eocd - 20;
  if (locator >= 0 && tv.getUint32(locator, true) === ZIP64_LOCATOR_SIG) {
    const z64Offset = Number(tv.getBigUint64(locator + 8, true));
    if (z64Offset + 56 > fileSize) throw fail("ZIP64 end record lies past the end of the file");
    const z64 = await _readAt(file, z64Offset, 56, name);
    const zv = new DataView(z64.buffer);
    if (zv.getUint32(0, true) !== ZIP64_EOCD_SIG) {
      throw fail(`ZIP64 end record not found at byte ${z64Offset}`);
    }
    count = Number(zv.getBigUint64(32, true));
    cdSize = Number(zv.getBigUint64(40, true));
    cdOffset = Number(zv.getBigUint64(48, true));
  }
  if (cdOffset + cdSize > fileSize) {
    throw fail(`central directory at byte ${cdOffset} runs past the end of the file`);
  }
  const cd = await _readAt(file, cdOffset, cdSize, name);
  return _parseCentral(cd, count, fail);
}

function _parseCentral(
  cd: Uint8Array,
  count: number,
  fail: (why: string) => SyntaxError,
): Map<string, ZipEntry> {
  const view = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || view.getUint32(p, true) !== CENTRAL_SIG) {
      throw fail(`central directory entry ${i} not found at byte ${p} of the directory`);
    }
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const entryName = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength));
    let size = view.getUint32(p + 24, true);
    let compressedSize = view.getUint32(p + 20, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = view.getUint16(e, true);
      const length = view.getUint16(e + 2, true);
      if (id === 1) {
        let f = e + 4;
        const next = () => {
          if (f + 8 > e + 4 + length) throw fail(`ZIP64 extra field of ${entryName} is too short`);
          const v = Number(view.getBigUint64(f, true));
          f += 8;
          return v;
        };
        if (size === U32_MAX) size = next();
        if (compressedSize === U32_MAX) compressedSize = next();
        if (localHeaderOffset === U32_MAX) localHeaderOffset = next();
      }
      e += 4 + length;
    }
    entries.set(entryName, {
      name: entryName,
      method: view.getUint16(p + 10, true),
      compressedSize,
      size,
      localHeaderOffset,
      crc32: view.getUint32(p + 16, true),
    });
    p = extraEnd + commentLength;
  }
  return entries;
}
