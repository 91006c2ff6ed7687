// @avalanche-ts/evaluation: metrics and the evaluation plugin. Explicit named exports only.

// Standalone metrics (update / result / reset), usable in any loop.
export { Mean, Sum } from './mean.js';
export { Accuracy, TaskAwareAccuracy } from './accuracy.js';
export { LossMetric, TaskAwareLoss } from './loss-metric.js';
export { TopkAccuracy } from './topk-accuracy.js';
export { ClassAccuracy, type TrackedClasses } from './class-accuracy.js';
export { AverageMeanClassAccuracy, MultiStreamAMCA } from './average-mean-class-accuracy.js';
export { Forgetting, BWT } from './forgetting.js';
export { ForwardTransfer } from './forward-transfer.js';
export { ConfusionMatrix, type ConfusionNormalize } from './confusion-matrix.js';
export { ElapsedTime } from './elapsed-time.js';
export { MaxRAM } from './max-ram.js';
export { CPUUsage } from './cpu-usage.js';
export { MAC, countMacs, kernelMacs } from './mac.js';
export { LabelsRepartition } from './labels-repartition.js';
export { defaultProcessProbe, type ProcessProbe } from './process-probe.js';
export { labelsOf, type LabelsInput } from './labels-of.js';

// Plugin metrics and their helpers.
export { type PluginMetric, type MetricHook, type MetricHookResult, isPluginMetric } from './plugin-metric.js';
export {
  GenericPluginMetric,
  type GenericPluginMetricOptions,
  type MetricGranularity,
  type MetricMode,
  type PluginMetricResult,
} from './generic-plugin-metric.js';
export { type Granularity, type GranularityFlags, GRANULARITY_SCHEDULE } from './granularity.js';
export { getMetricName, phaseOf, taskOf, streamOf, type MetricNameOptions } from './metric-name.js';
export { minibatchView, minibatchLoss, type MinibatchView } from './minibatch-view.js';
export {
  accuracyMetrics,
  AccuracyPluginMetric,
  TrainedExperienceAccuracy,
  ACCURACY_NAMES,
  type AccuracyMetricsOptions,
} from './accuracy-metrics.js';
export { lossMetrics, LossPluginMetric, LOSS_NAMES, type LossMetricsOptions } from './loss-metrics.js';
export {
  topkAccMetrics,
  TopkAccuracyPluginMetric,
  TrainedExperienceTopkAccuracy,
  topkAccName,
  type TopkAccMetricsOptions,
} from './topk-acc-metrics.js';
export {
  classAccuracyMetrics,
  ClassAccuracyPluginMetric,
  CLASS_ACCURACY_NAMES,
  type ClassAccuracyMetricsOptions,
} from './class-accuracy-metrics.js';
export { amcaMetrics, AMCAPluginMetric, type AmcaMetricsOptions } from './amca-metrics.js';
export {
  forgettingMetrics,
  bwtMetrics,
  ExperienceForgettingPluginMetric,
  StreamForgettingPluginMetric,
  type ExperienceStreamFlags,
} from './forgetting-metrics.js';
export {
  forwardTransferMetrics,
  ExperienceForwardTransferPluginMetric,
  StreamForwardTransferPluginMetric,
} from './forward-transfer-metrics.js';
export {
  confusionMatrixMetrics,
  StreamConfusionMatrix,
  type ConfusionMatrixMetricsOptions,
} from './confusion-matrix-metrics.js';
export { timingMetrics, TimePluginMetric, RunningEpochTime, TIME_NAMES, type TimingMetricsOptions } from './timing-metrics.js';
export { ramUsageMetrics, MaxRAMPluginMetric, RAM_NAMES, type RamUsageMetricsOptions } from './ram-usage-metrics.js';
export { cpuUsageMetrics, CPUUsagePluginMetric, CPU_NAMES, type CpuUsageMetricsOptions } from './cpu-usage-metrics.js';
export { macMetrics, MACPluginMetric, MAC_NAMES, type MacMetricsOptions } from './mac-metrics.js';
export {
  labelsRepartitionMetrics,
  LabelsRepartitionPlugin,
  type RepartitionAt,
  type LabelsRepartitionMetricsOptions,
} from './labels-repartition-metrics.js';
export { accuracyMatrixMetrics, AccuracyMatrixPluginMetric } from './accuracy-matrix-metrics.js';

// The evaluator.
export { evaluationPlugin, EvaluationPlugin, type EvaluationPluginOptions } from './evaluation-plugin.js';
