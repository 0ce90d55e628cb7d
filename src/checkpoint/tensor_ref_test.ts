import assert from "node:assert/strict";
import { isTensorDtype, TensorRef } from "./tensor_ref.ts";

Deno.test("isTensorDtype() accepts only the convertible storage dtypes", () => {
  assert.ok(isTensorDtype("bfloat16"));
  assert.ok(!isTensorDtype("complex64"));
  assert.ok(!isTensorDtype(4));
});

Deno.test("TensorRef.numel is the product of the shape, 1 for a 0-d tensor", () => {
  const ref = (shape: number[]) =>
    new TensorRef({
      dtype: "float32",
      shape,
      stride: shape.map(() => 1),
      offset: 0,
      storageKey: "0",
    });
  assert.equal(ref([61, 64]).numel, 3904);
  assert.equal(ref([]).numel, 1);
  assert.equal(ref([3, 0]).numel, 0);
});
