import assert from "node:assert/strict";
import { IMAGE_ERROR_REASONS, ImageError, isImageErrorReason } from "./image_error.ts";

Deno.test("ImageError carries path and a reason from the closed vocabulary", () => {
  assert.deepEqual([...IMAGE_ERROR_REASONS], ["missing", "empty", "corrupt", "unsupported"]);
  assert.ok(isImageErrorReason("corrupt") && !isImageErrorReason("broken"));
  const e = new ImageError("a.jpg", "missing", "Cannot decode a.jpg as it does not exist");
  assert.ok(e instanceof Error);
  assert.equal(e.name, "ImageError");
  assert.equal(e.path, "a.jpg");
  assert.equal(e.reason, "missing");
});
