import assert from "node:assert/strict";
import { ByteCursor } from "./_byte_cursor.ts";

Deno.test("ByteCursor.long() reads two's-complement integers of any width", () => {
  const cursor = (bytes: number[]) => new ByteCursor(new Uint8Array(bytes), (w) => new Error(w));
  assert.equal(cursor([]).long(0), 0);
  assert.equal(cursor([0xff]).long(1), -1);
  assert.equal(cursor([0x80, 0x00]).long(2), 128);
  assert.equal(cursor([0, 0, 0, 0, 0, 0, 0, 0x80]).long(8), -(2n ** 63n));
  assert.equal(cursor([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]).long(7), 2 ** 53 - 1);
});

Deno.test("ByteCursor reports data that ends early through its fail callback", () => {
  const cursor = new ByteCursor(new Uint8Array([1, 2]), (why) => new SyntaxError(why));
  assert.equal(cursor.u8(), 1);
  assert.throws(() => cursor.u32(), {
    name: "SyntaxError",
    message: "data ends at byte 2, expected 4 more bytes",
  });
  assert.throws(() => new ByteCursor(new Uint8Array([0xc3]), (w) => new SyntaxError(w)).str(1), {
    name: "SyntaxError",
    message: "string is not valid UTF-8",
  });
});
