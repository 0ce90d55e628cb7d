import assert from "node:assert/strict";
import { ZipReader } from "./_zip_reader.ts";

const DIR = new URL("../../fixtures/checkpoint/", import.meta.url);
const fixture = (name: string) => new URL(name, DIR).pathname;
const EXPECTED = JSON.parse(await Deno.readTextFile(fixture("expected.json"))) as {
  zip_entries: Record<string, number>;
};

async function withZip<T>(file: string, fn: (zip: ZipReader) => Promise<T>): Promise<T> {
  const zip = await ZipReader.open(fixture(file), file);
  try {
    return await fn(zip);
  } finally {
    await zip.close();
  }
}

Deno.test("ZipReader lists torch's entries with Python zipfile's sizes", async () => {
  await withZip("model.ckpt", async (zip) => {
    const sizes = Object.fromEntries([...zip.entries.values()].map((e) => [e.name, e.size]));
    assert.deepEqual(sizes, EXPECTED.zip_entries);
    assert.equal(new TextDecoder().decode(await zip.read("model/version")), "3\n");
  });
});

Deno.test("ZipReader reads the same bytes from stored, deflated and ZIP64 archives", async () => {
  const stored = await withZip("model.ckpt", async (zip) => {
    const all = new Map<string, Uint8Array>();
    for (const name of zip.entries.keys()) all.set(name, await zip.read(name));
    assert.deepEqual(
      await zip.read("model/data/7", 8, 24),
      all.get("model/data/7")?.subarray(8, 24),
    );
    return all;
  });
  for (const file of ["model_deflate.ckpt", "model_zip64.ckpt"]) {
    await withZip(file, async (zip) => {
      assert.equal(zip.entries.get("model/data.pkl")?.method, file.includes("deflate") ? 8 : 0);
      for (const [name, bytes] of stored) assert.deepEqual(await zip.read(name), bytes, name);
      assert.deepEqual(
        await zip.read("model/data/7", 8, 24),
        stored.get("model/data/7")?.subarray(8, 24),
      );
    });
  }
});

Deno.test("ZipReader.read() rejects missing entries and ranges past the end", async () => {
  await withZip("model.ckpt", async (zip) => {
    await assert.rejects(zip.read("model/data/99"), {
      name: "RangeError",
      message: "Cannot find entry model/data/99 in model.ckpt",
    });
    await assert.rejects(zip.read("model/data/3", 0, 16), {
      name: "RangeError",
      message: "Cannot read bytes 0..16 of model/data/3 in model.ckpt: it holds 8 bytes",
    });
  });
});

Deno.test("ZipReader.open() throws SyntaxError naming the file for damaged archives", async (t) => {
  const dir = await Deno.makeTempDir();
  const bytes = await Deno.readFile(fixture("model.ckpt"));
  const attempt = async (name: string, data: Uint8Array, message: string) => {
    await Deno.writeFile(`${dir}/${name}`, data);
    await assert.rejects(ZipReader.open(`${dir}/${name}`, name), { name: "SyntaxError", message });
  };
  try {
    await t.step("truncated", () =>
      attempt(
        "cut.ckpt",
        bytes.subarray(0, Math.floor(bytes.length / 2)),
        "Cannot read cut.ckpt as a zip archive: end of central directory not found (file truncated?)",
      ));
    await t.step("empty", () =>
      attempt(
        "empty.ckpt",
        new Uint8Array(0),
        "Cannot read empty.ckpt as a zip archive: end of central directory not found (file truncated?)",
      ));
    await t.step("a ZIP64 directory offset past the end", () => {
      const copy = bytes.slice();
      const z64 = _lastIndexOf(copy, [0x50, 0x4b, 0x06, 0x06]);
      new DataView(copy.buffer).setBigUint64(z64 + 48, 1_000_000n, true);
      return attempt(
        "moved.ckpt",
        copy,
        "Cannot read moved.ckpt as a zip archive: central directory at byte 1000000 runs past the end of the file",
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function _lastIndexOf(haystack: Uint8Array, needle: number[]): number {
  for (let i = haystack.length - needle.length; i >= 0; i--) {
    if (needle.every((b, j) => haystack[i + j] === b)) return i;
  }
  throw new Error("needle not found");
}
