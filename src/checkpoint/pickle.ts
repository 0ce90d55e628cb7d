/**
 * A Python unpickler for protocols 2–5, covering what `torch.save` and PyTorch Lightning
 * write. It follows CPython's `pickle._Unpickler` opcode by opcode, but never imports
 * anything: known callables are rebuilt as TypeScript values and every other class is
 * kept as a {@linkcode PickledObject} (see `pickled_object.ts` for the value mapping).
 *
 * @module
 */
import { ByteCursor } from "./_byte_cursor.ts";
import { callGlobal, newObject } from "./_globals.ts";
import { PickledGlobal, PickledObject } from "./pickled_object.ts";
import { normaliseGlobal, UnsafeGlobalError } from "./safe_globals.ts";

/** Options for {@linkcode unpickle}. */
export interface UnpickleOptions {
  /** Names the data in error messages. Default `"pickle"`. */
  source?: string;
  /**
   * Resolves the persistent ids of `BINPERSID` (torch storages). Default: the id itself is
   * returned as the value.
   */
  persistentLoad?: (pid: unknown) => unknown;
  /**
   * Which globals (`module.name`) the pickle may name; any other stops the unpickling
   * with an {@linkcode UnsafeGlobalError}. Default: every global (nothing is executed).
   */
  allowGlobal?: (name: string) => boolean;
}

/**
 * Unpickles `bytes` and returns the top-level value.
 *
 * Degenerate cases: an unknown opcode, data that ends before `STOP`, a stack that
 * underflows or a memo key that was never stored throw SyntaxError naming `source` and the
 * byte offset of the opcode. Unknown classes never throw. Out-of-band buffers (protocol 5
 * `NEXT_BUFFER`) and protocol-0/1 text opcodes are not supported.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unpickle } from "./pickle.ts";
 * // pickle.dumps([1, "a"], protocol=2)
 * const bytes = new Uint8Array([0x80, 2, 0x5d, 0x71, 0, 0x28, 0x4b, 1, 0x58, 1, 0, 0, 0, 0x61,
 *   0x71, 1, 0x65, 0x2e]);
 * assert.deepEqual(unpickle(bytes), [1, "a"]);
 * ```
 */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): unknown {
  return new _Unpickler(bytes, options).run();
}

class _Unpickler {
  #in: ByteCursor;
  #source: string;
  #persistentLoad: (pid: unknown) => unknown;
  #allowGlobal: ((name: string) => boolean) | undefined;
  #opStart = 0;
  #stack: unknown[] = [];
  #marks: number[] = [];
  #memo = new Map<number, unknown>();

  constructor(bytes: Uint8Array, options: UnpickleOptions) {
    this.#in = new ByteCursor(bytes, (why) => this.#fail(why));
    this.#source = options.source ?? "pickle";
    this.#persistentLoad = options.persistentLoad ?? ((pid) => pid);
    this.#allowGlobal = options.allowGlobal;
  }

  #global(name: string): PickledGlobal {
    if (this.#allowGlobal !== undefined && !this.#allowGlobal(name)) {
      throw new UnsafeGlobalError(normaliseGlobal(name), this.#source, this.#opStart);
    }
    return new PickledGlobal(name);
  }

  run(): unknown {
    for (;;) {
      this.#opStart = this.#in.pos;
      const op = this.#in.u8();
      if (op === 0x2e) return this.#pop(); // STOP
      this.#step(op);
    }
  }

  #fail(why: string): SyntaxError {
    return new SyntaxError(`Cannot unpickle ${this.#source} at byte ${this.#opStart}: ${why}`);
  }

  #push(v: unknown): void {
    this.#stack.push(v);
  }
  #pop(): unknown {
    if (this.#stack.length <= (this.#marks.at(-1) ?? 0)) throw this.#fail("stack underflow");
    return this.#stack.pop();
  }
  #top(): unknown {
    if (this.#stack.length <= (this.#marks.at(-1) ?? 0)) throw this.#fail("stack underflow");
    return this.#stack[this.#stack.length - 1];
  }
  /** Pops everything above the latest MARK, and the MARK. */
  #popMark(): unknown[] {
    const mark = this.#marks.pop();
    if (mark === undefined) throw this.#fail("MARK not found");
    return this.#stack.splice(mark);
  }
  #get(key: number): void {
    if (!this.#memo.has(key)) throw this.#fail(`memo key ${key} was never stored`);
    this.#push(this.#memo.get(key));
  }
  #put(key: number): void {
    this.#memo.set(key, this.#top());
  }

  #setItems(target: unknown, flat: readonly unknown[]): void {
    const map = target instanceof Map
      ? target
      : target instanceof PickledObject
      ? target.items
      : undefined;
    if (map === undefined) throw this.#fail("SETITEM(S) on a value that is not a dict");
    for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
  }
  #append(target: unknown, items: readonly unknown[]): void {
    if (Array.isArray(target)) target.push(...items);
    else if (target instanceof PickledObject) target.elements.push(...items);
    else throw this.#fail("APPEND(S) on a value that is not a list");
  }
  #addItems(target: unknown, items: readonly unknown[]): void {
    if (!(target instanceof Set)) throw this.#fail("ADDITEMS on a value that is not a set");
    for (const item of items) target.add(item);
  }

  #step(op: number): void {
    switch (op) {
      case 0x80: // PROTO
        this.#in.u8();
        return;
      case 0x95: // FRAME
        this.#in.u64();
        return;
      case 0x28: // MARK
        this.#marks.push(this.#stack.length);
        return;
      case 0x30: // POP
        this.#pop();
        return;
      case 0x31: // POP_MARK
        this.#popMark();
        return;
      case 0x32: // DUP
        this.#push(this.#top());
        return;
      case 0x7d: // EMPTY_DICT
        return this.#push(new Map());
      case 0x5d: // EMPTY_LIST
        return this.#push([]);
      case 0x29: // EMPTY_TUPLE
        return this.#push([]);
      case 0x8f: // EMPTY_SET
        return this.#push(new Set());
      case 0x85: // TUPLE1
        return this.#push([this.#pop()]);
      case 0x86: { // TUPLE2
        const b = this.#pop();
        return this.#push([this.#pop(), b]);
      }
      case 0x87: { // TUPLE3
        const c = this.#pop();
        const b = this.#pop();
        return this.#push([this.#pop(), b, c]);
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
        return this.#push(this.#popMark());
      case 0x91: // FROZENSET
        return this.#push(new Set(this.#popMark()));
      case 0x64: { // DICT
        const flat = this.#popMark();
        const map = new Map();
        this.#setItems(map, flat);
        return this.#push(map);
      }
      case 0x61: { // APPEND
        const item = this.#pop();
        return this.#append(this.#top(), [item]);
      }
      case 0x65: { // APPENDS
        const items = this.#popMark();
        return this.#append(this.#top(), items);
      }
      case 0x73: { // SETITEM
        const value = this.#pop();
        const key = this.#pop();
        return this.#setItems(this.#top(), [key, value]);
      }
      case 0x75: { // SETITEMS
        const flat = this.#popMark();
        return this.#setItems(this.#top(), flat);
      }
      case 0x90: { // ADDITEMS
        const items = this.#popMark();
        return this.#addItems(this.#top(), items);
      }
      case 0x4a: // BININT
        return this.#push(this.#in.i32());
      case 0x4b: // BININT1
        return this.#push(this.#in.u8());
      case 0x4d: // BININT2
        return this.#push(this.#in.u16());
      case 0x8a: // LONG1
        return this.#push(this.#in.long(this.#in.u8()));
      case 0x8b: // LONG4
        return this.#push(this.#in.long(this.#in.u32()));
      case 0x47: // BINFLOAT (big-endian)
        return this.#push(this.#in.f64be());
      case 0x4e: // NONE
        return this.#push(null);
      case 0x88: // NEWTRUE
        return this.#push(true);
      case 0x89: // NEWFALSE
        return this.#push(false);
      case 0x8c: // SHORT_BINUNICODE
        return this.#push(this.#in.str(this.#in.u8()));
      case 0x58: // BINUNICODE
        return this.#push(this.#in.str(this.#in.u32()));
      case 0x8d: // BINUNICODE8
        return this.#push(this.#in.str(this.#in.u64()));
      case 0x43: // SHORT_BINBYTES
        return this.#push(this.#in.raw(this.#in.u8()));
      case 0x42: // BINBYTES
        return this.#push(this.#in.raw(this.#in.u32()));
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        return this.#push(this.#in.raw(this.#in.u64()));
      case 0x71: // BINPUT
        return this.#put(this.#in.u8());
      case 0x72: // LONG_BINPUT
        return this.#put(this.#in.u32());
      case 0x94: // MEMOIZE
        return this.#put(this.#memo.size);
      case 0x68: // BINGET
        return this.#get(this.#in.u8());
      case 0x6a: // LONG_BINGET
        return this.#get(this.#in.u32());
      case 0x63: { // GLOBAL
        const module = this.#in.line();
        return this.#push(this.#global(`${module}.${this.#in.line()}`));
      }
      case 0x93: { // STACK_GLOBAL
        const name = this.#pop();
        const module = this.#pop();
        if (typeof name !== "string" || typeof module !== "string") {
          throw this.#fail("STACK_GLOBAL needs two strings");
        }
        return this.#push(this.#global(`${module}.${name}`));
      }
      case 0x52: { // REDUCE
        const args = this.#pop();
        const callable = this.#pop();
        return this.#push(callGlobal(callable, _asArray(args)));
      }
      case 0x81: { // NEWOBJ
        const args = this.#pop();
        const cls = this.#pop();
        return this.#push(newObject(cls, _asArray(args)));
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = this.#pop();
        const args = this.#pop();
        const cls = this.#pop();
        return this.#push(
          newObject(cls, _asArray(args), kwargs instanceof Map ? kwargs : undefined),
        );
      }
      case 0x62: { // BUILD
        const state = this.#pop();
        const target = this.#top();
        if (target instanceof PickledObject) target.state = state;
        return;
      }
      case 0x51: // BINPERSID
        return this.#push(this.#persistentLoad(this.#pop()));
    }
    throw this.#fail(`unknown opcode 0x${op.toString(16).padStart(2, "0")}`);
  }
}

function _asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
