import { AvalancheError } from './avalanche-error.js';

/** Bad input at a public boundary (options, config files, checkpoints); the message names the field and value. */
export class ValidationError extends AvalancheError {
  override name = 'ValidationError';
}

/** A dataset file is missing, unreadable or malformed; the message names the file and the problem. */
export class DatasetError extends AvalancheError {
  override name = 'DatasetError';
}

/** A TensorFlow.js backend could not be set up. */
export class BackendError extends AvalancheError {
  override name = 'BackendError';
}

/** A checkpoint could not be written, read or applied. */
export class CheckpointError extends AvalancheError {
  override name = 'CheckpointError';
}

/** A strategy was used in a way its algorithm does not allow (e.g. JointTraining trained twice). */
export class StrategyError extends AvalancheError {
  override name = 'StrategyError';
}
