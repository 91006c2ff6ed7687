import quadprog from 'quadprog';
import { StrategyError } from '@avalanche-ts/core';

/** A strictly convex quadratic program: minimise ½ xᵀPx − qᵀx subject to Aᵀx ≥ b (0-based, dense). */
export interface QuadraticProgram {
  /** n×n symmetric positive definite. */
  readonly P: ReadonlyArray<ArrayLike<number>>;
  /** Length n. */
  readonly q: ArrayLike<number>;
  /** n×m: column j is constraint j. */
  readonly A: ReadonlyArray<ArrayLike<number>>;
  /** Length m. */
  readonly b: ArrayLike<number>;
  /** The first `meq` constraints are equalities (default 0). */
  readonly meq?: number;
}

export interface QpSolution {
  readonly x: Float64Array;
  /** Objective value at x. */
  readonly value: number;
  /** Lagrange multipliers of the constraints. */
  readonly multipliers: Float64Array;
}

/**
 * Solves a dense strictly convex QP with the Goldfarb-Idnani dual active-set method (Goldfarb & Idnani
 * 1983, "A numerically stable dual method for solving strictly convex quadratic programs"), through the
 * `quadprog` package (a port of R's quadprog, the solver Python's GEM uses). Throws a StrategyError when
 * the constraints are inconsistent or P is not positive definite.
 */
export function solveQp(problem: QuadraticProgram): QpSolution {
  const n = problem.q.length;
  const m = problem.b.length;
  if (problem.P.length !== n || problem.A.length !== n) {
    throw new StrategyError(`solveQp: P has ${problem.P.length} rows and A ${problem.A.length}, expected n = ${n} (length of q)`);
  }
  // quadprog is 1-based and overwrites Dmat with its factor, so everything is copied into fresh arrays.
  const D: number[][] = [[]];
  const A: number[][] = [[]];
  const d: number[] = [0];
  const b: number[] = [0];
  for (let i = 0; i < n; i++) {
    D.push([0, ...Array.from(problem.P[i])]);
    A.push([0, ...Array.from(problem.A[i])]);
    d.push(problem.q[i]);
    if (D[i + 1].length !== n + 1 || A[i + 1].length !== m + 1) {
      throw new StrategyError(`solveQp: row ${i} of P has ${D[i + 1].length - 1} entries (expected ${n}) or of A ${A[i + 1].length - 1} (expected ${m})`);
    }
  }
  for (let j = 0; j < m; j++) b.push(problem.b[j]);
  const result = quadprog.solveQP(D, d, A, b, problem.meq ?? 0);
  if (result.message) throw new StrategyError(`solveQp: ${result.message}`);
  return {
    x: Float64Array.from(result.solution.slice(1)),
    value: result.value[1],
    multipliers: Float64Array.from(result.Lagrangian.slice(1)),
  };
}
