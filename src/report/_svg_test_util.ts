/** The stroke colours of the line marks in a Vega SVG, one entry per drawn line. */
export function _lineStrokes(svg: string): string[] {
  const groups = svg.split('<g class="mark-line role-mark').slice(1);
  return groups.flatMap((g) => {
    const body = g.slice(0, g.indexOf("</g>"));
    return [...body.matchAll(/<path[^>]*\sstroke="([^"]+)"/g)].map((m) => m[1] as string);
  });
}
