import { isSmallCell } from '@kaikukanta/kit';
import { determinedCells } from './disclosure-audit.js';

/**
 * R27, decision 0017: cells of linked tables and the lines that tie them. A line is a set of cells whose values sum
 * to one of them (its total: a row or column margin, or a parent scope's cell); a cell absent from `values` is 0.
 */
export interface LinkedCells {
  values: ReadonlyMap<string, number>;
  lines: readonly (readonly string[])[];
}

export { isSmallCell };

/**
 * Primary suppression of every small cell, then secondary suppression until no line holds exactly one suppressed
 * cell: a line with one hidden cell gives it away as total − the others (for a detail cell) or Σ details (for a
 * total). Each time, the line's smallest non-zero published cell is hidden too (least information lost; ties by
 * id, so the result depends on the values alone). Zeros are never hidden: they are known (absent rows). Runs once
 * over all tables of a measure and year, so every table sharing a cell shows it the same way.
 */
export function suppress(cells: LinkedCells): Set<string> {
  const { values, lines } = cells;
  const valueOf = (id: string) => values.get(id) ?? 0;
  const linesOf = new Map<string, number[]>();
  lines.forEach((line, index) => {
    for (const id of line) (linesOf.get(id) ?? linesOf.set(id, []).get(id)!).push(index);
  });
  const hidden = new Set<string>();
  const queue: number[] = [];
  const hide = (id: string) => {
    hidden.add(id);
    queue.push(...(linesOf.get(id) ?? []));
  };
  for (const [id, value] of values) if (isSmallCell(value)) hide(id);
  if (!hidden.size) return hidden;
  const partner = (line: readonly string[]) => {
    let pick: string | null = null;
    for (const id of line) {
      if (hidden.has(id) || valueOf(id) <= 0) continue;
      if (pick === null || valueOf(id) < valueOf(pick) || (valueOf(id) === valueOf(pick) && id < pick)) pick = id;
    }
    return pick;
  };
  /**
   * The smallest published non-zero cell nearest to a pinned-down one: in its own lines, else in the lines of the
   * hidden cells linked to it, and so on. Hiding it adds an unknown to the equations that pinned the cell down; when
   * none is left, every figure around the cell is hidden and nothing published determines it.
   */
  const nearestPartner = (start: string): string | null => {
    const seen = new Set<string>([start]);
    let level = [start];
    while (level.length) {
      const next: string[] = [];
      let best: string | null = null;
      for (const id of level) {
        for (const index of linesOf.get(id) ?? []) {
          const line = lines[index]!;
          const pick = partner(line);
          if (pick !== null && (best === null || valueOf(pick) < valueOf(best) || (valueOf(pick) === valueOf(best) && pick < best))) best = pick;
          for (const other of line) {
            if (!hidden.has(other) || seen.has(other)) continue;
            seen.add(other);
            next.push(other);
          }
        }
      }
      if (best !== null) return best;
      level = next;
    }
    return null;
  };
  for (;;) {
    while (queue.length) {
      const line = lines[queue.pop()!]!;
      let count = 0;
      for (const id of line) if (hidden.has(id)) count += 1;
      // Non-negative counts: a hidden cell above zero always leaves another non-zero cell in its line.
      const pick = count === 1 ? partner(line) : null;
      if (pick !== null) hide(pick);
    }
    // Lines taken together (differencing tables) may still pin a small cell down: hide one more cell beside it.
    const exposed = [...determinedCells(lines, hidden)].filter((id) => isSmallCell(valueOf(id))).sort();
    let added = false;
    for (const id of exposed) {
      const pick = nearestPartner(id);
      if (pick !== null && !hidden.has(pick)) {
        hide(pick);
        added = true;
      }
    }
    if (!added) break;
  }
  return hidden;
}
