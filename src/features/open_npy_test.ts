import assert from "node:assert/strict";
import { openNpy } from "./open_npy.ts";
import { readNpy } from "./read_npy.ts";

const DIR = "fixtures/protocol/npy";

type Json = Record<string, { shape: number[]; values: (number | string)[] }>;

function toFloat32(values: (number | string)[]): Float32Array {
  return Float32Array.from(values, (v) => typeof v === "string" ? Number(v) : v);
}

async function withBytes(bytes: Uint8Array, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/bad.npy`, bytes);
    await fn(`${dir}/bad.npy`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readNpy() reads what numpy wrote, in every accepted variant", async (t) => {
  const expected: Json = JSON.parse(await Deno.readTextFile("fixtures/protocol/npy_expected.json"));
  for (const name of ["f4", "f2_special", "v2", "v3", "f8", "f8_special"]) {
    await t.step(name, async () => {
      const m = await readNpy(`${DIR}/${name}.npy`);
      const e = expected[name]!;
      assert.deepEqual([m.rows, m.dim], e.shape);
      // deepEqual treats NaN as equal to NaN and tells -0 from 0.
      assert.deepEqual(m.data, toFloat32(e.values));
    });
  }
  await t.step("a 0-row file", async () => {
    const m = await readNpy(`${DIR}/empty.npy`);
    assert.deepEqual([m.rows, m.dim, m.data.length], [0, 512, 0]);
  });
});

Deno.test("openNpy() widens all 65,536 float16 values as numpy does", async () => {
  using reader = await openNpy(`${DIR}/f2_all.npy`);
  assert.equal(reader.dtype, "<f2");
  const got = new Uint32Array((await reader.readRows(0, reader.rows)).buffer);
  const want = new Uint32Array((await Deno.readFile(`${DIR}/f2_all_f32.bin`)).buffer);
  assert.equal(got.length, 65536);
  for (let h = 0; h < 65536; h++) {
    const isNan = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
    if (isNan) {
      // numpy may quiet signalling NaNs through hardware conversion; only NaN-ness is kept.
      assert.ok(
        Number.isNaN(new Float32Array(got.buffer, h * 4, 1)[0]),
        `half 0x${h.toString(16)}`,
      );
    } else {
      assert.equal(got[h], want[h], `half 0x${h.toString(16)}`);
    }
  }
});

Deno.test("openNpy() reads row blocks by seeking", async () => {
  const expected: Json = JSON.parse(await Deno.readTextFile("fixtures/protocol/npy_expected.json"));
  const all = toFloat32(expected.f4!.values);
  using reader = await openNpy(`${DIR}/f4.npy`);
  assert.deepEqual([reader.rows, reader.dim, reader.dtype], [5, 3, "<f4"]);
  const [a, b, c] = await Promise.all([
    reader.readRows(3, 2),
    reader.readRows(0, 1),
    reader.readRows(2, 0),
  ]);
  assert.deepEqual(a, all.subarray(9, 15));
  assert.deepEqual(b, all.subarray(0, 3));
  assert.equal(c.length, 0);
  await assert.rejects(reader.readRows(4, 2), {
    name: "RangeError",
    message: "Cannot read rows 4 to 6 of f4.npy as it has 5 rows",
  });
  reader.close();
  reader.close();
});

Deno.test("openNpy() rejects files it cannot read, naming the file and field", async (t) => {
  const cases: [string, string, string][] = [
    [
      "../../uncertainty/npy_i4.npy",
      "TypeError",
      "Cannot read npy_i4.npy as its field descr is '<i4': expected '<f4', '<f2', '<f8'",
    ],
    [
      "fortran.npy",
      "TypeError",
      "Cannot read fortran.npy as its field fortran_order is True: expected False (C order)",
    ],
    [
      "one_d.npy",
      "TypeError",
      "Cannot read one_d.npy as its field shape is (4,): expected 2 dimensions",
    ],
  ];
  for (const [file, errorName, message] of cases) {
    await t.step(file, async () => {
      await assert.rejects(openNpy(`${DIR}/${file}`), { name: errorName, message });
    });
  }
  const f4 = await Deno.readFile(`${DIR}/f4.npy`);
  await t.step("truncated data", async () => {
    await withBytes(f4.subarray(0, f4.length - 5), async (path) => {
      await assert.rejects(openNpy(path), {
        name: "RangeError",
        message:
          "Cannot read bad.npy as it is truncated: shape (5, 3) of '<f4' needs 60 data bytes and it holds 55",
      });
    });
  });
  await t.step("a truncated header", async () => {
    await withBytes(f4.subarray(0, 40), async (path) => {
      await assert.rejects(openNpy(path), {
        name: "SyntaxError",
        message:
          "Cannot read bad.npy as its header is truncated: it needs 128 bytes and the file has 40",
      });
    });
  });
  await t.step("a bad magic", async () => {
    await withBytes(new TextEncoder().encode("PK\x03\x04 this is a zip"), async (path) => {
      await assert.rejects(openNpy(path), {
        name: "SyntaxError",
        message: 'Cannot read bad.npy as it does not start with the NumPy magic "\\x93NUMPY"',
      });
    });
  });
  await t.step("an unknown version", async () => {
    const v9 = f4.slice();
    v9[6] = 9;
    await withBytes(v9, async (path) => {
      await assert.rejects(openNpy(path), {
        name: "SyntaxError",
        message: "Cannot read bad.npy as its format version is 9.0: expected 1.0, 2.0 or 3.0",
      });
    });
  });
  await t.step("a header without a shape", async () => {
    const text = String.fromCharCode(...f4).replace("'shape'", "'shapf'");
    await withBytes(Uint8Array.from(text, (ch) => ch.charCodeAt(0)), async (path) => {
      await assert.rejects(openNpy(path), (error: Error) => {
        assert.equal(error.name, "SyntaxError");
        assert.match(
          error.message,
          /^Cannot read bad.npy as its header has no valid field shape: \{/,
        );
        return true;
      });
    });
  });
  await t.step("a missing file", async () => {
    await assert.rejects(openNpy(`${DIR}/none.npy`), Deno.errors.NotFound);
  });
});

Deno.test("openNpy() reads into a reused buffer exactly what it reads into a fresh one", async () => {
  const expected: Json = JSON.parse(await Deno.readTextFile("fixtures/protocol/npy_expected.json"));
  for (const [file, key] of [["f4.npy", "f4"], ["f2_special.npy", "f2_special"]] as const) {
    const all = toFloat32(expected[key]!.values);
    using reader = await openNpy(`${DIR}/${file}`);
    const { dim } = reader;
    const buffer = new Float32Array(4 * dim).fill(7);
    await reader.readRowsInto(1, 3, buffer);
    assert.deepEqual(buffer.subarray(0, 3 * dim), all.subarray(dim, 4 * dim));
    assert.deepEqual([...buffer.subarray(3 * dim)], Array(dim).fill(7), file);
    await reader.readRowsInto(0, 1, buffer);
    assert.deepEqual(buffer.subarray(0, dim), all.subarray(0, dim));
    await assert.rejects(
      reader.readRowsInto(0, 4, new Float32Array(3 * dim)),
      new RegExp(`into ${3 * dim} floats: expected ${4 * dim}`),
    );
  }
});
