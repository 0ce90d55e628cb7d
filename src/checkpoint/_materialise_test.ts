import assert from "node:assert/strict";
import { gatherFloat32, halfToFloat, storageSpan } from "./_materialise.ts";
import { TensorRef } from "./tensor_ref.ts";
import type { TensorDtype } from "./tensor_ref.ts";

const ref = (dtype: TensorDtype, shape: number[], stride: number[], offset = 0) =>
  new TensorRef({ dtype, shape, stride, offset, storageKey: "0" });

Deno.test("halfToFloat() converts IEEE binary16 exactly", () => {
  const cases: [number, number][] = [
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x0400, 2 ** -14],
    [0x3555, 0.333251953125],
    [0x8000, -0],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ];
  for (const [bits, value] of cases) assert.equal(halfToFloat(bits), value, bits.toString(16));
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

Deno.test("storageSpan() covers exactly the elements a view touches", () => {
  assert.deepEqual(storageSpan(ref("float32", [3, 2], [1, 3], 1)), { first: 1, end: 7 });
  assert.deepEqual(storageSpan(ref("float32", [], [], 5)), { first: 5, end: 6 });
  assert.deepEqual(storageSpan(ref("float32", [0, 4], [4, 1], 2)), { first: 2, end: 2 });
});

Deno.test("gatherFloat32() gathers strided views in row-major order", async (t) => {
  const storage = new Float32Array(12).map((_, i) => i);
  const bytes = new Uint8Array(storage.buffer);
  await t.step("a transposed view with an offset", () => {
    const view = ref("float32", [3, 2], [1, 3], 1);
    const out = gatherFloat32(view, bytes.subarray(4), { first: 1, littleEndian: true });
    assert.deepEqual([...out], [1, 4, 2, 5, 3, 6]);
  });
  await t.step("a contiguous slice", () => {
    const out = gatherFloat32(ref("float32", [2, 2], [2, 1], 6), bytes, {
      first: 0,
      littleEndian: true,
    });
    assert.deepEqual([...out], [6, 7, 8, 9]);
  });
  await t.step("no elements", () => {
    const out = gatherFloat32(ref("float32", [0], [1]), bytes, { first: 0, littleEndian: true });
    assert.equal(out.length, 0);
  });
});

Deno.test("gatherFloat32() converts every dtype and byte order", async (t) => {
  const from = (fill: (v: DataView) => void, length: number) => {
    const b = new Uint8Array(length);
    fill(new DataView(b.buffer));
    return b;
  };
  await t.step("bfloat16", () => {
    const b = from((v) => (v.setUint16(0, 0x3f80, true), v.setUint16(2, 0xc040, true)), 4);
    const out = gatherFloat32(ref("bfloat16", [2], [1]), b, { first: 0, littleEndian: true });
    assert.deepEqual([...out], [1, -3]);
  });
  await t.step("big-endian float32", () => {
    const b = from((v) => v.setFloat32(0, 1.5, false), 4);
    const out = gatherFloat32(ref("float32", [], []), b, { first: 0, littleEndian: false });
    assert.deepEqual([...out], [1.5]);
  });
  await t.step("int64, float64, int32, uint8 and bool", () => {
    const b = from((v) => {
      v.setBigInt64(0, -(2n ** 40n) - 1n, true);
      v.setFloat64(8, 0.1, true);
      v.setInt32(16, -7, true);
      v.setUint8(20, 200);
      v.setUint8(21, 3);
    }, 22);
    const read = (dtype: TensorDtype, offset: number) =>
      gatherFloat32(ref(dtype, [1], [1], offset), b, { first: 0, littleEndian: true })[0];
    assert.equal(read("int64", 0), Math.fround(-(2 ** 40) - 1));
    assert.equal(read("float64", 1), Math.fround(0.1));
    assert.equal(read("int32", 4), -7);
    assert.equal(read("uint8", 20), 200);
    assert.equal(read("bool", 21), 1);
  });
});
