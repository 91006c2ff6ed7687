// @avalanche-ts/loggers/node: writers that need Node (files, terminal bars, PNG rendering).
export { terminalProgress, type TerminalProgressOptions, type TerminalStream } from './terminal-progress.js';
export { terminalLogger, type TerminalLoggerOptions } from './terminal-logger.js';
export { CsvFileLogger, csvFileLogger, type CsvFileLoggerOptions } from './csv-file-logger.js';
export { JsonLinesFileLogger, jsonLinesFileLogger, type JsonLinesFileLoggerOptions } from './json-lines-file-logger.js';
export { TensorBoardFileLogger, tensorboardFileLogger, type TensorBoardFileLoggerOptions } from './tensorboard-file-logger.js';
export { HtmlReportLogger, htmlReportLogger, type HtmlReportLoggerOptions } from './html-report-logger.js';
export { writeHtmlReport, type WrittenReport } from './write-html-report.js';
export { renderChartSvg, renderChartPng, vegaScripts } from './render-chart-png.js';
