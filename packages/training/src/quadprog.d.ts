// Types for the `quadprog` npm package (Goldfarb-Idnani dual method, a port of R's quadprog); it ships none.
// Arrays are 1-based, as in the Fortran original: element 0 is unused.
declare module 'quadprog' {
  interface QuadprogResult {
    solution: number[];
    value: number[];
    unconstrained_solution: number[];
    iterations: number[];
    iact: number[];
    Lagrangian: number[];
    message: string;
  }
  const quadprog: {
    solveQP(Dmat: number[][], dvec: number[], Amat: number[][], bvec: number[], meq?: number, factorized?: number[]): QuadprogResult;
  };
  export = quadprog;
}
