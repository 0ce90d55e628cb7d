import assert from "node:assert/strict";
import { unpickle } from "./pickle.ts";
import { PickledGlobal, PickledObject } from "./pickled_object.ts";

// Byte strings below are CPython 3 `pickle.dumps(value, protocol)` output.
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

Deno.test("unpickle() reads CPython protocol-2 scalars and containers", async (t) => {
  await t.step("[1, 'a']", () => {
    assert.deepEqual(unpickle(hex("80025d7100284b015801000000617101652e")), [1, "a"]);
  });
  await t.step("ints of every width, a float and a TUPLE", () => {
    // [-1, -256, 2**31, -2**63, 2.5, (1, 2, 3, 4)]
    const bytes = hex(
      "80025d7100284affffffff4a00ffffff8a0500000080008a08000000000000008047400400000000000028" +
        "4b014b024b034b04747101652e",
    );
    assert.deepEqual(unpickle(bytes), [-1, -256, 2 ** 31, -(2n ** 63n), 2.5, [1, 2, 3, 4]]);
  });
  await t.step("BINFLOAT is big-endian", () => {
    assert.equal(unpickle(hex("8002477ff00000000000002e")), Infinity);
  });
  await t.step("a list that contains itself keeps its identity through the memo", () => {
    const value = unpickle(hex("80025d71006800612e"));
    assert.ok(Array.isArray(value));
    assert.equal(value[0], value);
  });
});

Deno.test("unpickle() keeps unknown classes as PickledObject", async (t) => {
  await t.step("NEWOBJ_EX with keyword arguments (protocol 4)", () => {
    const bytes = hex(
      "80049531000000000000008c056d796d6f64948c03466f6f9493944b0185947d948c0162948c0178947392" +
        "947d94288c0161944b016805680675622e",
    );
    const value = unpickle(bytes);
    assert.ok(value instanceof PickledObject);
    assert.equal(value.$class, "mymod.Foo");
    assert.deepEqual(value.args, [1]);
    assert.deepEqual(value.kwargs, new Map([["b", "x"]]));
    assert.deepEqual(value.state, new Map<string, unknown>([["a", 1], ["b", "x"]]));
  });
  await t.step("a list subclass with an attribute", () => {
    const bytes = hex(
      "8002636d796d6f640a4c0a710029817101284b014b02657d710258030000007461677103580100000074710473622e",
    );
    const value = unpickle(bytes);
    assert.ok(value instanceof PickledObject);
    assert.equal(value.$class, "mymod.L");
    assert.deepEqual(value.elements, [1, 2]);
    assert.deepEqual(value.state, new Map([["tag", "t"]]));
  });
  await t.step("a global that is never called", () => {
    // GLOBAL 'torch float32', STOP
    const bytes = Uint8Array.from("\x80\x02ctorch\nfloat32\n.", (c) => c.charCodeAt(0));
    assert.deepEqual(unpickle(bytes), new PickledGlobal("torch.float32"));
  });
});

Deno.test("unpickle() reads 8-byte-length strings and LONG4", () => {
  // PROTO 4, MARK, BINUNICODE8 "hé", BINBYTES8 [7], LONG4 -2, TUPLE, STOP
  const bytes = new Uint8Array([
    0x80,
    4,
    0x28,
    0x8d,
    3,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x68,
    0xc3,
    0xa9,
    0x8e,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    7,
    0x8b,
    1,
    0,
    0,
    0,
    0xfe,
    0x74,
    0x2e,
  ]);
  assert.deepEqual(unpickle(bytes), ["hé", new Uint8Array([7]), -2]);
});

Deno.test("unpickle() passes persistent ids to persistentLoad", () => {
  // PROTO 2, SHORT_BINUNICODE "k" (protocol 4 opcode, accepted anyway), BINPERSID, STOP
  const bytes = new Uint8Array([0x80, 2, 0x8c, 1, 0x6b, 0x51, 0x2e]);
  assert.equal(unpickle(bytes, { persistentLoad: (pid) => `loaded ${pid}` }), "loaded k");
});

Deno.test("unpickle() throws SyntaxError with the byte offset for damaged data", async (t) => {
  const cases: [string, number[], string][] = [
    ["an unknown opcode", [0x80, 2, 0x7d, 0xff, 0x2e], "at byte 3: unknown opcode 0xff"],
    [
      "a string cut short",
      [0x80, 2, 0x58, 5, 0, 0, 0, 0x61, 0x62],
      "at byte 2: data ends at byte 9, expected 5 more bytes",
    ],
    ["no STOP", [0x80, 2, 0x4e], "at byte 3: data ends at byte 3, expected 1 more bytes"],
    ["an empty stack at STOP", [0x80, 2, 0x2e], "at byte 2: stack underflow"],
    ["a memo key never stored", [0x80, 2, 0x68, 3, 0x2e], "at byte 2: memo key 3 was never stored"],
    ["APPENDS without MARK", [0x80, 2, 0x5d, 0x65, 0x2e], "at byte 3: MARK not found"],
    [
      "SETITEM on a list",
      [0x80, 2, 0x5d, 0x4e, 0x4e, 0x73, 0x2e],
      "at byte 5: SETITEM(S) on a value that is not a dict",
    ],
  ];
  for (const [name, bytes, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => unpickle(new Uint8Array(bytes), { source: "x.pkl" }), {
        name: "SyntaxError",
        message: `Cannot unpickle x.pkl ${message}`,
      });
    });
  }
});
