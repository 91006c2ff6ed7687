/**
 * Avalanche's `PeriodicEval`: with `evalEvery` 0, evaluate before training and after each experience;
 * with k > 0, also after every k-th epoch (or iteration, per `mode`) of an experience. The end-of-experience
 * evaluation is skipped when the last periodic one already ran on the final model of the experience.
 */
export class PeriodicEval {
  private upToDate = false;

  constructor(
    readonly evalEvery: number,
    readonly mode: 'epoch' | 'iteration',
    private readonly run: () => Promise<void>,
  ) {}

  get enabled(): boolean {
    return this.evalEvery >= 0;
  }

  async beforeTraining(): Promise<void> {
    if (this.enabled) await this.evaluate();
  }

  beforeTrainingExp(): void {
    this.upToDate = false;
  }

  /** After the clock counts are known for the finished epoch (`epochsDone` includes it). */
  async afterTrainingEpoch(epochsDone: number): Promise<void> {
    if (this.mode === 'epoch' && this.evalEvery > 0 && epochsDone % this.evalEvery === 0) await this.evaluate();
  }

  async afterTrainingIteration(iterationsDone: number): Promise<void> {
    this.upToDate = false;
    if (this.mode === 'iteration' && this.evalEvery > 0 && iterationsDone % this.evalEvery === 0) await this.evaluate();
  }

  async afterTrainingExp(): Promise<void> {
    if (this.enabled && !this.upToDate) await this.evaluate();
  }

  private async evaluate(): Promise<void> {
    await this.run();
    this.upToDate = true;
  }
}
