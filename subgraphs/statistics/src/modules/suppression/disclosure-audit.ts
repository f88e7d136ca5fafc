const EPS = 1e-9;

/**
 * R27, decision 0017: which hidden cells the published figures still determine exactly, taking every line
 * (total − Σ details = 0) together — what differencing any number of tables could do. Sparse Gauss–Jordan
 * elimination over the hidden cells only: a hidden cell is determined when its unit vector is in the row space of
 * the equations, i.e. when the reduced basis holds a row with that cell alone.
 */
export function determinedCells(lines: readonly (readonly string[])[], hidden: ReadonlySet<string>): Set<string> {
  const basis = new Map<string, Map<string, number>>(); // pivot → reduced row
  const holding = new Map<string, Set<string>>(); // cell → pivots of rows holding it
  const hold = (cell: string, pivot: string) => (holding.get(cell) ?? holding.set(cell, new Set()).get(cell)!).add(pivot);
  for (const line of lines) {
    let row = new Map<string, number>();
    line.forEach((id, i) => {
      if (hidden.has(id)) row.set(id, (row.get(id) ?? 0) + (i === 0 ? 1 : -1));
    });
    // Reduce by the basis.
    for (const [id] of [...row]) {
      const c = row.get(id);
      const pivotRow = basis.get(id);
      if (!pivotRow || c === undefined || Math.abs(c) < EPS) continue;
      row = addScaled(row, pivotRow, -c);
    }
    for (const [id, c] of row) if (Math.abs(c) < EPS) row.delete(id);
    if (!row.size) continue;
    const [pivot, pc] = [...row].sort(([a], [b]) => (a < b ? -1 : 1))[0]!;
    for (const [id, c] of row) row.set(id, c / pc);
    // Eliminate the new pivot from the rows holding it, keeping the basis reduced.
    for (const other of [...(holding.get(pivot) ?? [])]) {
      const r = basis.get(other)!;
      const c = r.get(pivot);
      if (c === undefined) continue;
      const next = addScaled(r, row, -c);
      for (const id of r.keys()) if (!next.has(id)) holding.get(id)?.delete(other);
      basis.set(other, next);
      for (const id of next.keys()) hold(id, other);
    }
    basis.set(pivot, row);
    for (const id of row.keys()) hold(id, pivot);
  }
  const found = new Set<string>();
  for (const [pivot, row] of basis) if (row.size === 1) found.add(pivot);
  return found;
}

function addScaled(a: Map<string, number>, b: Map<string, number>, k: number): Map<string, number> {
  const out = new Map(a);
  for (const [id, c] of b) {
    const v = (out.get(id) ?? 0) + k * c;
    if (Math.abs(v) < EPS) out.delete(id);
    else out.set(id, v);
  }
  return out;
}
