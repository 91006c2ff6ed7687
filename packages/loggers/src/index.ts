// @avalanche-ts/loggers: browser-safe loggers and report builders. Node-only writers (files, terminal bars,
// PNG charts) are in `@avalanche-ts/loggers/node`. Explicit named exports only.
export { parseMetricName, formatMetricName, type MetricNameParts } from './metric-name.js';
export { formatMetricData, formatNumber, expandMetricValues, isMatrix, isVector } from './format-metric-data.js';

export { TextLogger, textLogger, singleTaskLabel, type TextLoggerOptions, type WriteLine } from './text-logger.js';
export { InteractiveLogger, interactiveLogger, type InteractiveLoggerOptions } from './interactive-logger.js';
export {
  lineProgress,
  progressLine,
  formatDuration,
  type ProgressBar,
  type ProgressFactory,
  type LineProgressOptions,
} from './line-progress.js';
export {
  CsvLogger,
  csvLogger,
  TRAINING_RESULTS_HEADER,
  EVAL_RESULTS_HEADER,
  type CsvFileName,
  type CsvLoggerOptions,
} from './csv-logger.js';
export { JsonLinesLogger, jsonLinesLogger, type JsonLinesLoggerOptions } from './json-lines-logger.js';
export { InMemoryLogger, inMemoryLogger, type MetricRecord } from './in-memory-logger.js';

export { TensorBoardLogger, tensorboardLogger, eventFileName, type TensorBoardLoggerOptions } from './tensorboard-logger.js';
export {
  encodeEvent,
  decodeEvent,
  type EventData,
  type SummaryValueData,
  type HistogramData,
  type ImageData,
} from './encode-event.js';
export { encodeTfRecord, crc32c, maskedCrc32c } from './encode-tf-record.js';
export { histogramOf } from './histogram-of.js';
export { encodePng, storedZlib, type RgbaImage, type ZlibDeflate } from './encode-png.js';
export { heatmapImage, viridis, type HeatmapOptions } from './heatmap-image.js';

export {
  buildReportData,
  forgettingFromMatrix,
  type ReportData,
  type ReportPoint,
  type AccuracyMatrix,
  type BuildReportOptions,
} from './report-data.js';
export { reportCharts, type ReportChart, type VegaLiteSpec } from './report-charts.js';
export { renderReportHtml, type ReportScripts } from './render-report-html.js';
export { runEnvironment } from './run-environment.js';
