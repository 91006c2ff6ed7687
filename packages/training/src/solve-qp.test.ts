import { solveQp } from './solve-qp.js';

describe('solveQp', () => {
  it("solves R quadprog's documented example", () => {
    // min −(0,5,0)ᵀb + ½bᵀb  s.t. Aᵀb ≥ (−8, 2, 0): solution (0.4761905, 1.0476190, 2.0952381).
    const { x, value } = solveQp({
      P: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
      q: [0, 5, 0],
      A: [[-4, 2, 0], [-3, 1, -2], [0, 0, 1]],
      b: [-8, 2, 0],
    });
    expect(x[0]).toBeCloseTo(0.4761905, 6);
    expect(x[1]).toBeCloseTo(1.047619, 6);
    expect(x[2]).toBeCloseTo(2.0952381, 6);
    expect(value).toBeCloseTo(-2.380952, 5);
  });

  it('matches the closed form of a one-constraint problem', () => {
    // min ½ p v² − q v s.t. v ≥ γ  ->  v = max(γ, q / p).
    for (const [p, q, g] of [[2, 3, 0.5], [2, -3, 0.5], [1, 0.2, 0.5]]) {
      expect(solveQp({ P: [[p]], q: [q], A: [[1]], b: [g] }).x[0]).toBeCloseTo(Math.max(g, q / p), 8);
    }
  });

  it('reports a matrix that is not positive definite and bad shapes', () => {
    expect(() => solveQp({ P: [[-1]], q: [0], A: [[1]], b: [0] })).toThrow(/positive definite/);
    expect(() => solveQp({ P: [[1, 0]], q: [0], A: [[1]], b: [0] })).toThrow(/row 0/);
  });
});
