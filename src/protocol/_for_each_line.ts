/**
 * Streams a text file line by line in 8 MiB blocks, so files of millions of lines (an IJB-S
 * image list) never sit in memory as one string. A final `\r` is removed from each line.
 */
export async function _forEachLine(
  path: string,
  visit: (line: string, lineNumber: number) => void,
): Promise<number> {
  using file = await Deno.open(path, { read: true });
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(8 << 20);
  let carry = "";
  let lineNumber = 0;
  const emit = (line: string) => {
    lineNumber++;
    visit(line.endsWith("\r") ? line.slice(0, -1) : line, lineNumber);
  };
  while (true) {
    const n = await file.read(buffer);
    if (n === null) break;
    const text = carry + decoder.decode(buffer.subarray(0, n), { stream: true });
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      emit(text.slice(start, end));
      start = end + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length > 0) emit(carry);
  return lineNumber;
}
