import type { SeriesTable } from "./types";

/** Shortest round-trip text of a number (deterministic across runs and platforms). */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : x > 0 ? "inf" : x < 0 ? "-inf" : "nan";
}

/** CSV text of a table: a header row of column names, one row per index. Columns must share a length. */
export function tableCsv(table: SeriesTable): string {
  const names = Object.keys(table.columns);
  const cols = names.map((n) => table.columns[n]);
  const len = cols.length ? cols[0].length : 0;
  cols.forEach((c, i) => {
    if (c.length !== len)
      throw new RangeError(`table ${table.name}: column ${names[i]} has ${c.length} rows, expected ${len}`);
  });
  const lines = [names.join(",")];
  for (let r = 0; r < len; r++) {
    let line = "";
    for (let c = 0; c < cols.length; c++) line += (c ? "," : "") + num(cols[c][r]);
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}
